import type { Sql } from './sql';

/**
 * Campaign assignments (issue 10 item 4, decision 0013): which agents work which campaigns. An agent
 * gets, reads and dials leads only of campaigns assigned to them; admins and team leads manage the
 * assignments. On an existing database every agent is assigned to every campaign once, so an upgrade
 * keeps today's access until an administrator narrows it (a fresh database starts empty; the demo seed
 * assigns its agents).
 */
export const ASSIGNMENT_MIGRATION = {
  name: 'campaign-assignments',
  common: `
CREATE TABLE campaign_agents (
  campaign_id TEXT NOT NULL REFERENCES campaigns(id),
  agent_id TEXT NOT NULL REFERENCES users(id),
  assigned_by TEXT NOT NULL REFERENCES users(id),
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (agent_id, campaign_id)
);
CREATE INDEX campaign_agents_campaign ON campaign_agents (campaign_id);
`,
  after: async (sql: Sql): Promise<void> => {
    await sql.run(
      `INSERT INTO campaign_agents (campaign_id, agent_id, assigned_by, assigned_at)
       SELECT c.id, u.id, u.id, ? FROM campaigns c CROSS JOIN users u WHERE u.role = 'agent'`,
      [new Date().toISOString()],
    );
  },
} as const;
