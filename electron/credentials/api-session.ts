import type { PersistResult, TokenVault } from './token-vault';

/**
 * The session token, bound to the API that issued it. A token is only ever sent back to that API: when
 * the provisioned API changes, the stored token is dropped and the agent signs in again (a token
 * issued by one server must not reach another, and the new server does not know it anyway).
 */
export class ApiSession {
  constructor(
    private readonly vault: TokenVault,
    private readonly apiUrl: string,
  ) {}

  /** The token, if it was issued by this API. */
  token(): string | undefined {
    const stored = this.vault.load();
    if (stored === undefined) return undefined;
    const nl = stored.indexOf('\n');
    if (nl > 0 && stored.slice(0, nl) === this.apiUrl) return stored.slice(nl + 1);
    this.vault.clear(); // another API's token, or one stored before tokens were bound to their API
    return undefined;
  }

  save(token: string): PersistResult {
    return this.vault.save(`${this.apiUrl}\n${token}`);
  }

  clear(): void {
    this.vault.clear();
  }

  refusal(): ReturnType<TokenVault['refusal']> {
    return this.vault.refusal();
  }
}
