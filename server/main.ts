// `npm run server`: the central API on its embedded default (SQLite in data/), or PostgreSQL when
// DATABASE_URL is set. Env vars: see server/README.md. No env at all is a working configuration.
import { createServer } from './bootstrap';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await createServer(config, { log: (line) => console.error(line) });
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `SQLite ${config.sqliteFile}`;
  if (server.seeded) {
    console.log(`Seeded demo data (${server.seeded.leads} leads) into ${where}.`);
    if (server.seeded.generatedPasswords) {
      console.log('Demo passwords (shown once; set CALLGATE_DEMO_PASSWORD to choose one):');
      for (const [user, pw] of Object.entries(server.seeded.generatedPasswords)) console.log(`  ${user.padEnd(9)} ${pw}`);
    }
  }
  await server.app.listen({ port: config.port, host: config.host });
  console.log(`Callgate API on http://${config.host}:${config.port} (${where}); OpenAPI at /openapi.json`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
