import { ConfigError, loadConfig, type Config } from './config/index.js';
import { createLogger } from './logger.js';
import { createApp } from './server.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

const config = configOrExit();
const logger = createLogger(config.logLevel);
const app = await createApp({ config, logger });
const url = await app.listen();
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
