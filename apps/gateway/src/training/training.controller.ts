import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SwitchRefused } from '@claimguard/config';
import {
  ACR_MFA,
  isMfa,
  SwitchDefenseBodySchema,
  TRAINING_ANSWER_TYP,
  TRAINING_SIGNATURE_HEADER,
  TRAINING_SYNC_TYP,
  TrainingSyncRequestSchema,
  type ScoreboardEntry,
  type TrainingStatus,
  type TrainingSyncAnswer,
} from '@claimguard/contracts';
import {
  eventSignatureProblem,
  signEvent,
  type EventKeyResolver,
  type EventSigningKey,
} from '@claimguard/messaging';
import { GatewayError } from '../errors/gateway.error.js';
import { EdgeAuthenticator } from '../edge-auth/edge-authenticator.js';
import { bearerChallenge } from '../edge-auth/www-authenticate.js';
import { SWITCHBOARD, SYNC_ANSWER_KEY, SYNC_KEYS } from './training.tokens.js';
import type { Switchboard, InstructorAct } from './switchboard.js';

/** The scope of the instructor's console; no other persona can be granted it. */
export const TRAINING_SCOPE = 'training:switch';
/** A sync older (or newer) than this is refused: a replay gains nothing after it. */
const SYNC_MAX_SKEW_MS = 30_000;

/**
 * The instructor's console API and the services' sync endpoint (DESIGN.md "Training switches").
 * Instructor routes need an introspected token (never one accepted through a training hole) with
 * `training:switch` and an MFA login — unconditionally: turning `step-up` off for a lab does not
 * weaken the console. Every change is audited by the switchboard. Production: all refused.
 */
@Controller('api/_training')
export class TrainingController {
  constructor(
    @Inject(SWITCHBOARD) private readonly board: Switchboard,
    @Inject(SYNC_KEYS) private readonly keys: EventKeyResolver | undefined,
    @Inject(SYNC_ANSWER_KEY) private readonly answerKey: EventSigningKey | undefined,
    private readonly edge: EdgeAuthenticator,
  ) {}

  @Get('status')
  async status(@Req() request: FastifyRequest): Promise<TrainingStatus> {
    await this.instructor(request);
    return this.board.status();
  }

  @Put('defenses/:id')
  async switchDefense(
    @Req() request: FastifyRequest,
    @Param('id') id: string,
    @Body() body: unknown,
  ): Promise<TrainingStatus> {
    const by = await this.instructor(request);
    const parsed = SwitchDefenseBodySchema.safeParse(body);
    if (!parsed.success) {
      throw new GatewayError('REQUEST.VALIDATION_FAILED', 'The body must be {"on": true|false}');
    }
    return refusals(() => this.board.set(id, parsed.data.on, by));
  }

  @Post('reset')
  @HttpCode(200)
  async reset(@Req() request: FastifyRequest): Promise<TrainingStatus> {
    const by = await this.instructor(request);
    return refusals(() => this.board.reset(by));
  }

  @Get('scoreboard')
  async scoreboard(@Req() request: FastifyRequest): Promise<{ entries: ScoreboardEntry[] }> {
    await this.instructor(request);
    return { entries: this.board.scoreboard.entries() };
  }

  /**
   * A process's sync: the body's exact bytes must carry a detached JWS by that process's own
   * event-signing key (`typ` of the training sync), sent within the last 30 s. The answer is
   * bound to that body (`inReplyTo`) and its bytes signed with the switchboard's own key, so
   * nothing on the path can turn a defense off or trigger a reset.
   */
  @Post('sync')
  @HttpCode(200)
  async sync(
    @Body() raw: unknown,
    @Headers(TRAINING_SIGNATURE_HEADER) signature: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    if (this.board.switches.frozen) throw disabled();
    if (!Buffer.isBuffer(raw)) {
      throw new GatewayError('REQUEST.MALFORMED', 'A sync body is sent as the sync media type');
    }
    let request;
    try {
      request = TrainingSyncRequestSchema.parse(JSON.parse(raw.toString('utf8')));
    } catch {
      throw new GatewayError('REQUEST.VALIDATION_FAILED', 'The sync body is not a training sync');
    }
    const problem = this.keys
      ? await eventSignatureProblem(this.keys, request.service, raw, signature, TRAINING_SYNC_TYP)
      : 'the gateway has no trust store (EVENT_KEYS_DIR)';
    const skew = Math.abs(Date.now() - Date.parse(request.sentAt));
    if (problem || skew > SYNC_MAX_SKEW_MS) {
      throw new GatewayError('TRAINING.SYNC_UNTRUSTED', 'The sync is not signed by its service', {
        audit: { reason: `training sync from ${request.service} refused: ${problem ?? 'stale'}` },
      });
    }
    if (!this.answerKey) {
      throw new GatewayError('TRAINING.SYNC_UNTRUSTED', 'The switchboard has no signing key');
    }
    const answer: TrainingSyncAnswer = {
      ...refusals(() => this.board.sync(request)),
      inReplyTo: createHash('sha256').update(raw).digest('base64url'),
    };
    const bytes = Buffer.from(JSON.stringify(answer), 'utf8');
    void reply
      .header('content-type', 'application/json')
      .header(
        TRAINING_SIGNATURE_HEADER,
        await signEvent(this.answerKey, bytes, TRAINING_ANSWER_TYP),
      );
    return bytes;
  }

  private async instructor(request: FastifyRequest): Promise<InstructorAct> {
    if (this.board.switches.frozen) throw disabled();
    const correlationId = String(request.id);
    const caller = await this.edge.authenticate(request.headers.authorization, correlationId);
    const who = { sub: caller.sub, party: caller.party };
    if (caller.source !== 'introspection' || !caller.scopes.includes(TRAINING_SCOPE)) {
      throw new GatewayError(
        'AUTH.INSUFFICIENT_SCOPE',
        'The instructor console needs training:switch',
        {
          wwwAuthenticate: bearerChallenge({ error: 'insufficient_scope', scope: TRAINING_SCOPE }),
          audit: { reason: `training console without ${TRAINING_SCOPE}`, defense: 'bfla', ...who },
        },
      );
    }
    if (!isMfa(caller)) {
      throw new GatewayError(
        'AUTH.STEP_UP_REQUIRED',
        'The instructor console needs an MFA sign-in',
        {
          wwwAuthenticate: bearerChallenge({
            error: 'insufficient_user_authentication',
            description: 'A multi-factor authentication is required',
            acrValues: ACR_MFA,
          }),
          audit: { reason: 'training console without an MFA login', ...who },
        },
      );
    }
    return { ...who, correlationId };
  }
}

function disabled(): GatewayError {
  return new GatewayError('TRAINING.DISABLED', 'Training switches do not exist in production');
}

/** Maps the switchboard's refusals to their 4xx. */
function refusals<T>(act: () => T): T {
  try {
    return act();
  } catch (error) {
    if (error instanceof SwitchRefused) throw new GatewayError(error.code, error.message);
    throw error;
  }
}
