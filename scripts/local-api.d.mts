import type { ChildProcess } from 'node:child_process';

export function localApiUrl(port?: string): string;
export function apiIsUp(url: string, timeoutMs?: number): Promise<boolean>;
export function startLocalApi(options?: { port?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<{ url: string; child: ChildProcess }>;
