import { dirname, join } from 'node:path';
import { pathExists } from './path-exists';

/**
 * The checkout root, found by walking up to the folder holding tools/kafka/pom.xml, so the
 * CLI and the test harness agree on `.kafka/` and `.cache/kafka/` wherever they are run from.
 */
export async function locateRepoRoot(startDir: string): Promise<string> {
  let dir = startDir;
  for (;;) {
    if (await pathExists(join(dir, 'tools', 'kafka', 'pom.xml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `no tools/kafka/pom.xml in ${startDir} or any folder above it; run this from the Crescent checkout`,
      );
    }
    dir = parent;
  }
}
