import { ConfigError, loadConfig, type Config } from './config/index.js';
import { createLogger } from './logger.js';
import { createApp, type App } from './server.js';
import { listenProblem } from './start-error.js';

/** A start that cannot work ends with one line on stderr, naming what to change, and exit code 1. */
function startError(problem: string): never {
  process.stderr.write(`Configuration error: ${problem}\n`);
  process.exit(1);
}

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      startError(error.message);
    }
    throw error;
  }
}

async function listenOrExit(app: App, config: Config): Promise<string> {
  try {
    return await app.listen();
  } catch (error) {
    const problem = listenProblem(error, config.port, config.host);
    if (problem === null) {
      throw error;
    }
    await app.close().catch(() => {});
    startError(problem);
  }
}

const config = configOrExit();
const logger = createLogger(config.logLevel);
const app = await createApp({ config, logger });
const url = await listenOrExit(app, config);
logger.info('picture subgraph listening', { url: `${url}/graphql`, sessions: config.sessions.map((session) => session.name) });

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) {
    return;
  }
  stopping = true;
  logger.info('stopping: finishing in-flight requests', { signal });
  app.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error('shutdown failed', { error });
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
