// How every CLI of server/cli ends: the exit code its work returns (0 done or intact, 1 a finding), or 2
// with "<name> could not run: <why>" on stderr when it failed to run at all (bad arguments included).

/** Runs `main` and exits with its code, or 2 with the reason when it throws. */
export function runCli(name: string, main: () => Promise<number> | number): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => process.exit(code),
      (err: unknown) => {
        console.error(`${name} could not run: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(2);
      },
    );
}
