import { All, Controller, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProxyService } from './proxy.service.js';

/** Every `/api/**` request not served by the gateway itself goes through the proxy pipeline. */
@Controller('api')
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @All('*')
  async forward(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const upstream = await this.proxy.handle({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body,
      correlationId: request.id,
    });
    reply.status(upstream.status);
    if (upstream.contentType) reply.header('content-type', upstream.contentType);
    await reply.send(upstream.body);
  }
}
