// The version printed by --version and put in SARIF: package.json's, bundled at build time.
import packageJson from '../../package.json';

export const PYOPS_VERSION: string = packageJson.version;
