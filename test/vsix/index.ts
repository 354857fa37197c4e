// Suite entry for the installed-VSIX run: the same mocha runner as the integration suite,
// over the *.test.js files next to this bundle.
export { run } from '../integration/index';
