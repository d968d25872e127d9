import {
  decideFor,
  PolicyEngine,
  type AuthenticatedParty,
  type PolicyDecision,
  type PolicyEntity,
} from '@claimguard/auth';
import type { DefenseSwitches } from '@claimguard/config';

/**
 * The policy file stays in `src/` and is resolved from the package root: this module sits three
 * folders below it both as `src/rental/policies/*.ts` (vitest) and as `dist/rental/policies/*.js`
 * (node), so both find the same file and no build step has to copy it.
 */
export const RENTAL_POLICY_FILE = new URL(
  '../../../src/rental/policies/rental.cedar',
  import.meta.url,
);

/** The minimum the policy needs to know about a reservation. */
export interface ReservationOwnership {
  id: string;
  memberId: string;
  agencyId: string | null;
}

/** Whose reservations a list shows: a member's own, or an agency's. */
export interface ReservationListOwner {
  ownerKind: 'member' | 'agency';
  ownerId: string;
}

/**
 * Typed front of `rental.cedar`: one method per action, so callers cannot misspell an action or
 * forget an attribute. Every answer explains itself (`reasons` are the deciding policies' `@id`s).
 * Provided to Nest by a factory (see rental.module.ts) because it is built from the config.
 */
export class RentalPolicy {
  constructor(private readonly engine: PolicyEngine) {}

  /** Loads `rental.cedar`; throws at boot on a syntax error or a policy without `@id`. */
  static load(defenses: DefenseSwitches, file: URL | string = RENTAL_POLICY_FILE): RentalPolicy {
    return new RentalPolicy(PolicyEngine.fromFile(file, 'ClaimGuard', defenses));
  }

  /** May the caller list the reservations of `owner`? */
  canList(caller: AuthenticatedParty, owner: ReservationListOwner): PolicyDecision {
    return this.decide(caller, 'ListReservations', {
      type: 'ReservationList',
      id: `${owner.ownerKind}:${owner.ownerId}`,
      attrs: { ownerKind: owner.ownerKind, ownerId: owner.ownerId },
    });
  }

  /** May the caller read this reservation? */
  canRead(caller: AuthenticatedParty, reservation: ReservationOwnership): PolicyDecision {
    return this.decide(caller, 'ReadReservation', reservationEntity(reservation));
  }

  /** May the caller confirm this reservation (asked only once it may read it)? */
  canConfirm(caller: AuthenticatedParty, reservation: ReservationOwnership): PolicyDecision {
    return this.decide(caller, 'ConfirmReservation', reservationEntity(reservation));
  }

  private decide(
    caller: AuthenticatedParty,
    action: string,
    resource: PolicyEntity,
  ): PolicyDecision {
    return decideFor(this.engine, caller, action, resource);
  }
}

function reservationEntity(reservation: ReservationOwnership): PolicyEntity {
  return {
    type: 'Reservation',
    id: reservation.id,
    // Cedar has no null: a reservation without agency has the empty agency id, which no party id
    // equals (party ids are never empty).
    attrs: { memberId: reservation.memberId, agencyId: reservation.agencyId ?? '' },
  };
}
