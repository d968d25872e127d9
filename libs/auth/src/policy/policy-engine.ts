import { createHash } from 'node:crypto';
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
 *
 * The set is parsed once, when the engine is built, and kept preparsed inside Cedar's module
 * (`preparsePolicySet`, under an id derived from the policies' text); each decision only evaluates
 * (`statefulIsAuthorized`). Handing Cedar the policy text on every call would parse the whole
 * file per decision — 5 to 10 times the cost of the evaluation itself (bench/authz.mjs).
 * @example
 * const engine = PolicyEngine.fromFile(new URL('./claims.cedar', import.meta.url), 'ClaimGuard', defenses);
 * engine.decide({ principal: { type: 'Party', id: 'member:M-1', attrs: {...} }, action: 'ReadClaim', resource: {...} });
 */
export class PolicyEngine {
  private constructor(
    /** Cedar's id of the preparsed set (see {@link PolicyEngine.prepare}). */
    private readonly policySetId: string,
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
    return new PolicyEngine(PolicyEngine.prepare(policies), namespace, defenses);
  }

  /**
   * Parses `policies` once into Cedar's module-wide cache and returns the id to evaluate them by.
   * The id is the SHA-256 of the set, so two engines with the same policies share one parsed set
   * and engines with different ones never overwrite each other's.
   */
  private static prepare(policies: Record<string, string>): string {
    const id = `claimguard-${createHash('sha256').update(JSON.stringify(policies)).digest('hex')}`;
    const answer = cedar.preparsePolicySet(id, { staticPolicies: policies });
    if (answer.type !== 'success') {
      throw new Error(`invalid policy set: ${answer.errors.map((e) => e.message).join('; ')}`);
    }
    return id;
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
    const answer = cedar.statefulIsAuthorized({
      principal: uid(request.principal),
      action: { type: `${this.namespace}::Action`, id: request.action },
      resource: uid(request.resource),
      context: { ...request.context, defensesOff },
      preparsedPolicySetId: this.policySetId,
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
