/** The contract and performance of awarded sections; being built (issue 13). */
export class ContractService {}
