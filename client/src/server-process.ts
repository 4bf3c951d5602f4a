import type { ChildProcess } from 'child_process';
import { fork } from 'child_process';
import * as path from 'path';

/** The bundled language server, next to this bundle (dist/client.js → dist/server.js). */
export const SERVER_MODULE = path.join(__dirname, 'server.js');

/** Under a debugger the language client starts the server itself, with its debug options. */
export const debugging = process.execArgv.some((arg) => /^--(inspect|debug)(-brk)?(=|$)/.test(arg));

/** Forks the server as the language client does for `TransportKind.ipc`. */
function forkServer(): ChildProcess {
  return fork(SERVER_MODULE, ['--node-ipc', `--clientProcessId=${process.pid}`], {
    execArgv: [],
    silent: true,
    // process.execPath is Electron's binary in desktop VS Code.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' },
  });
}

// VS Code loads this module only to activate the extension. Forking here, before the language
// client library is even evaluated, lets node's start-up, the server bundle and the WASM grammars
// load while VS Code is still creating the extension context, instead of after activate() is called.
let early: ChildProcess | undefined;
if (!debugging) {
  try {
    early = forkServer();
  } catch {
    early = undefined;
  }
}

let current: ChildProcess | undefined;

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/**
 * A server the client was given but has stopped with shutdown/exit is killed if it is still there
 * two seconds later, as the language client does for a process it forked itself.
 */
function retire(child: ChildProcess | undefined): void {
  if (!child || !running(child)) return;
  setTimeout(() => {
    if (running(child)) child.kill();
  }, 2000).unref();
}

/** The server started with this module on first use; a new one after a restart or a crash. */
export function takeServer(): ChildProcess {
  retire(current);
  const child = early;
  early = undefined;
  current = child && running(child) && child.connected ? child : forkServer();
  return current;
}

/** After the client stopped: the early server if the client never took it, and the current one. */
export function dropServers(): void {
  early?.kill();
  early = undefined;
  retire(current);
  current = undefined;
}
