// The version printed by --version and put in SARIF: package.json's, bundled at build time.
// A named import, so the bundle holds this one field rather than the whole manifest.
import { version } from '../../package.json';

export const PYOPS_VERSION: string = version;
