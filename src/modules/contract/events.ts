/**
 * The contract module's domain events (docs/design.md §13): the contract (ZB Art.46, SS Art.57), the return of
 * the bid deposits (SS Art.57) and the performance (履约) up to acceptance or termination. The credit module
 * subscribes to 'contract.refused', 'performance.accepted' and 'performance.terminated': their payload fields
 * are a contract between modules and are not renamed.
 */
declare module '../../platform/events.js' {
  interface DomainEvents {
    /** The tenderee recorded the signed contract of an awarded section (合同签订). */
    'contract.signed': {
      tenderId: string;
      sectionId: string;
      contractId: string;
      awardId: string;
      supplierPartyId: string;
      priceFen: number;
      signedAt: string;
      /** Signed after the 30 days of ZB Art.46: still recorded, flagged. */
      late: boolean;
    };
    /** The winner refused to sign, or let the 30 days lapse for its own reasons (SS Art.74); party = winner's. */
    'contract.refused': {
      tenderId: string;
      sectionId: string;
      awardId: string;
      supplierPartyId: string;
      reason: string;
      at: string;
    };
    /** No contract yet on day 25 after the award notice (a warning) or day 31 (the limit passed, a flag). */
    'contract.overdue': {
      tenderId: string;
      sectionId: string;
      awardId: string;
      day: 25 | 31;
      at: string;
    };
    /** The tenderee recorded the return of one bidder's deposit (保证金退还, SS Art.57). */
    'contract.deposit-returned': {
      tenderId: string;
      sectionId: string;
      contractId: string;
      bidderPartyId: string;
      amountFen: number;
      returnedAt: string;
      late: boolean;
    };
    /** Every bidder's deposit of the section is recorded as returned. */
    'contract.deposits-returned': {
      tenderId: string;
      sectionId: string;
      contractId: string;
      at: string;
    };
    /** Deposits still not returned 5 days after the contract was signed (SS Art.57). */
    'deposit.return-overdue': {
      tenderId: string;
      sectionId: string;
      contractId: string;
      bidderPartyIds: string[];
      at: string;
    };
    'performance.milestone-recorded': {
      tenderId: string;
      sectionId: string;
      contractId: string;
      milestoneId: string;
      description: string;
      plannedAt: string;
      actualAt: string | null;
    };
    'performance.payment-recorded': {
      tenderId: string;
      sectionId: string;
      contractId: string;
      paymentId: string;
      amountFen: number;
      paidAt: string;
      paidTotalFen: number;
    };
    /** A change to the contract (合同变更) with its reason and the change of amount (may be 0 or negative). */
    'performance.changed': {
      tenderId: string;
      sectionId: string;
      contractId: string;
      changeId: string;
      reason: string;
      amountChangeFen: number;
      at: string;
    };
    /** Completion and acceptance (验收); onTime against the contract's due date. */
    'performance.accepted': {
      tenderId: string;
      sectionId: string;
      contractId: string;
      supplierPartyId: string;
      acceptedAt: string;
      dueAt: string;
      onTime: boolean;
    };
    /** The contract ended before completion, with the reason and whose fault it was. */
    'performance.terminated': {
      tenderId: string;
      sectionId: string;
      contractId: string;
      supplierPartyId: string;
      reason: string;
      faultOf: 'supplier' | 'purchaser' | 'none';
      at: string;
    };
  }
}

export {};
