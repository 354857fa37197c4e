// Every rule, in catalog order.
import type { RuleImpl } from '../rule';
import { bareExcept } from './bareExcept';
import { broadExceptSwallowed } from './broadExceptSwallowed';
import { exceptPass } from './exceptPass';
import { hardcodedSecret } from './hardcodedSecret';
import { httpWithoutTimeout } from './httpWithoutTimeout';
import { logEagerFormatting } from './logEagerFormatting';
import { logErrorWithoutTraceback } from './logErrorWithoutTraceback';
import { loggingNotConfigured } from './loggingNotConfigured';
import { openWithoutEncoding } from './openWithoutEncoding';
import { osShellCall } from './osShellCall';
import { printInLoggingModule } from './printInLoggingModule';
import { raiseWithoutFrom } from './raiseWithoutFrom';
import { rootLoggerCall } from './rootLoggerCall';
import { shellInjection } from './shellInjection';
import { subprocessNoTimeout } from './subprocessNoTimeout';
import { subprocessUnchecked } from './subprocessUnchecked';
import { tempfileMktemp } from './tempfileMktemp';
import { yamlUnsafeLoad } from './yamlUnsafeLoad';

export const RULE_IMPLS: readonly RuleImpl[] = [
  subprocessUnchecked,
  subprocessNoTimeout,
  shellInjection,
  osShellCall,
  bareExcept,
  broadExceptSwallowed,
  exceptPass,
  raiseWithoutFrom,
  logErrorWithoutTraceback,
  printInLoggingModule,
  loggingNotConfigured,
  logEagerFormatting,
  rootLoggerCall,
  openWithoutEncoding,
  httpWithoutTimeout,
  yamlUnsafeLoad,
  tempfileMktemp,
  hardcodedSecret,
];
