import { describe, expect, it } from 'vitest';
import { checkPhotoUrl, isInternalAddress } from './photo-url.js';

const ALLOWED = ['photos.example.com'];

describe('checkPhotoUrl', () => {
  it('accepts an https URL on an allow-listed host', () => {
    const checked = checkPhotoUrl('https://Photos.Example.com/claims/a.jpg', ALLOWED);
    expect(checked).toEqual({ url: new URL('https://photos.example.com/claims/a.jpg') });
  });

  it.each([
    ['http://photos.example.com/a.jpg', 'not https'],
    ['file:///etc/passwd', 'not https'],
    ['gopher://photos.example.com/', 'not https'],
    ['not a url', 'not https'],
    ['https://user:pw@photos.example.com/a.jpg', 'credentials in the URL'],
    ['https://127.0.0.1/metrics', 'an IP address instead of a host name'],
    ['https://2130706433/metrics', 'an IP address instead of a host name'],
    ['https://0x7f.0.0.1/', 'an IP address instead of a host name'],
    ['https://[::1]/', 'an IP address instead of a host name'],
    ['https://169.254.169.254/latest/meta-data/', 'an IP address instead of a host name'],
    ['https://localhost/', 'host not on the allow-list'],
    ['https://photos.example.com.evil.test/a.jpg', 'host not on the allow-list'],
  ])('refuses %s (%s)', (raw, problem) => {
    expect(checkPhotoUrl(raw, ALLOWED)).toEqual({ problem });
  });

  it('refuses every host while the allow-list is empty (the feature is off)', () => {
    expect(checkPhotoUrl('https://photos.example.com/a.jpg', [])).toEqual({
      problem: 'host not on the allow-list',
    });
  });
});

describe('isInternalAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1', // the same IPv4-mapped address in hex groups
    '2002:7f00:1::1', // 6to4: carries 127.0.0.1 inside
    '2002:808:808::1', // 6to4 of a public address: still a tunnel, refused
    '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
    '64:ff9b:1::a00:1', // local-use NAT64 (RFC 8215)
    '::ffff:0:7f00:1', // IPv4-translated (SIIT, RFC 2765)
    'not-an-ip',
  ])('treats %s as internal', (address) => {
    expect(isInternalAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8', '2001:4860::8888'])(
    'treats %s as public',
    (address) => {
      expect(isInternalAddress(address)).toBe(false);
    },
  );
});
