import { readFileSync } from 'node:fs';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { DefenseId } from '@claimguard/contracts';
import type { DefenseSwitches } from '@claimguard/config';

type CedarValue = cedar.CedarValueJson;

/** One entity in a Cedar request: `type` without the namespace, e.g. `Claim`. */
export interface PolicyEntity {
  type: string;
  id: string;
  attrs?: Record<string, CedarValue>;
}

export interface PolicyRequest {
  principal: PolicyEntity;
  action: string;
  resource: PolicyEntity;
  /** Extra context; `defensesOff` is added by the engine. */
  context?: Record<string, CedarValue>;
}

/** An explained decision: which policies decided, and any evaluation errors. */
export interface PolicyDecision {
  allowed: boolean;
  /** `@id` of every policy that determined the decision (empty on default deny). */
  reasons: string[];
  errors: string[];
}

/**
 * A service's authorization policies, kept as a Cedar file beside the service and evaluated in
 * process by Cedar's WebAssembly build. Decisions are deny-by-default and explain themselves with
 * the `@id` annotations of the policies that decided. The engine passes the list of defenses that
 * are off as `context.defensesOff`, so training-mode weaknesses live in the policy file too,
 * where a reader can see them.
 * @example
 * const engine = PolicyEngine.fromFile(new URL('./claims.cedar', import.meta.url), 'ClaimGuard', defenses);
 * engine.decide({ principal: { type: 'Party', id: 'member:M-1', attrs: {...} }, action: 'ReadClaim', resource: {...} });
 */
export class PolicyEngine {
  private constructor(
    private readonly policies: Record<string, string>,
    private readonly namespace: string,
    private readonly defenses: DefenseSwitches,
  ) {}

  /** Loads and parses a policy file; throws at boot on a syntax error or a policy without `@id`. */
  static fromFile(file: URL | string, namespace: string, defenses: DefenseSwitches): PolicyEngine {
    return PolicyEngine.fromText(readFileSync(file, 'utf8'), namespace, defenses);
  }

  static fromText(text: string, namespace: string, defenses: DefenseSwitches): PolicyEngine {
    const parts = cedar.policySetTextToParts(text);
    if (parts.type !== 'success') {
      throw new Error(`invalid policy file: ${parts.errors.map((e) => e.message).join('; ')}`);
    }
    const policies: Record<string, string> = {};
    for (const policy of parts.policies) {
      const json = cedar.policyToJson(policy);
      if (json.type !== 'success')
        throw new Error(`invalid policy: ${json.errors.map((e) => e.message).join('; ')}`);
      const id = json.json.annotations?.id;
      if (!id) throw new Error(`every policy needs an @id annotation:\n${policy}`);
      if (policies[id]) throw new Error(`duplicate policy @id("${id}")`);
      policies[id] = policy;
    }
    return new PolicyEngine(policies, namespace, defenses);
  }

  /** Evaluates one request. Never throws for a deny; an evaluation error denies. */
  decide(request: PolicyRequest): PolicyDecision {
    const uid = (e: PolicyEntity): { type: string; id: string } => ({
      type: `${this.namespace}::${e.type}`,
      id: e.id,
    });
    const entity = (e: PolicyEntity): cedar.EntityJson => ({
      uid: uid(e),
      attrs: e.attrs ?? {},
      parents: [],
    });
    const defensesOff: DefenseId[] = this.defenses.offIds();
    const answer = cedar.isAuthorized({
      principal: uid(request.principal),
      action: { type: `${this.namespace}::Action`, id: request.action },
      resource: uid(request.resource),
      context: { ...request.context, defensesOff },
      policies: { staticPolicies: this.policies },
      entities: [entity(request.principal), entity(request.resource)],
    });
    if (answer.type !== 'success') {
      return { allowed: false, reasons: [], errors: answer.errors.map((e) => e.message) };
    }
    const { decision, diagnostics } = answer.response;
    return {
      allowed: decision === 'allow',
      reasons: diagnostics.reason,
      errors: diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`),
    };
  }
}
