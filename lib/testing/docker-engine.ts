import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PING_TIMEOUT_MS = 3_000;

/**
 * True if a Docker engine is likely usable by testcontainers: DOCKER_HOST is set, or one of the
 * usual local sockets answers the engine's /_ping within 3 s.
 */
export async function dockerEngineAnswers(): Promise<boolean> {
  if ((process.env.DOCKER_HOST ?? '') !== '') return true;
  const runtimeDir = process.env.XDG_RUNTIME_DIR;
  const sockets = [
    '/var/run/docker.sock',
    ...(runtimeDir === undefined ? [] : [join(runtimeDir, 'docker.sock')]), // rootless
    join(homedir(), '.docker', 'run', 'docker.sock'), // Docker Desktop
  ].filter((socketPath) => existsSync(socketPath));
  for (const socketPath of sockets) {
    if (await pingDocker(socketPath)) return true;
  }
  return false;
}

function pingDocker(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ping = request({ socketPath, path: '/_ping', method: 'GET', timeout: PING_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    ping.once('timeout', () => ping.destroy());
    ping.once('error', () => resolve(false));
    ping.end();
  });
}
