import type { Connection } from '../api/api-server';
import type { FeatureHandlers } from '../api/feature-handlers';
import type { FlowWindow } from './flow-control';
import type { TerminalManager } from './terminal-manager';

type TerminalMethods =
  | 'terminals.create'
  | 'terminals.list'
  | 'terminals.get'
  | 'terminals.write'
  | 'terminals.resize'
  | 'terminals.rename'
  | 'terminals.close'
  | 'terminals.attach'
  | 'terminals.detach'
  | 'terminals.ack'
  | 'terminals.search';

/**
 * What one connection's terminal views share: one flow-control window (they share its socket),
 * and which terminals they are views of (an `attachedOnly` output stream carries just those).
 */
interface ConnectionTerminals {
  flowWindow: FlowWindow;
  /** Terminal id → the connection's view ids of it. */
  viewsByTerminal: Map<string, Set<string>>;
}

export function terminalsHandlers(terminals: TerminalManager): FeatureHandlers<TerminalMethods, 'terminals.output' | 'terminals.changes'> {
  const byConnection = new WeakMap<Connection, ConnectionTerminals>();
  const ofConnection = (connection: Connection): ConnectionTerminals => {
    let state = byConnection.get(connection);
    if (state === undefined) byConnection.set(connection, (state = { flowWindow: terminals.createFlowWindow(), viewsByTerminal: new Map() }));
    return state;
  };
  const forgetView = (connection: Connection, id: string, viewId: string): void => {
    const views = ofConnection(connection).viewsByTerminal;
    const ofTerminal = views.get(id);
    ofTerminal?.delete(viewId);
    if (ofTerminal?.size === 0) views.delete(id);
  };
  return {
    methods: {
      'terminals.create': (input) => terminals.create(input),
      'terminals.list': () => terminals.list(),
      'terminals.get': ({ id }) => terminals.get(id),
      'terminals.write': ({ id, data }) => {
        terminals.write(id, data);
        return {};
      },
      'terminals.resize': ({ id, cols, rows }) => terminals.resize(id, cols, rows),
      'terminals.rename': ({ id, name }) => terminals.rename(id, name),
      'terminals.close': ({ id }) => terminals.close(id),
      'terminals.attach': ({ id }, context) => {
        const { flowWindow, viewsByTerminal: views } = ofConnection(context.connection);
        const attachment = terminals.attach(id, flowWindow);
        // Registered before the answer leaves: output after the replay's offset passes the filter.
        views.set(id, (views.get(id) ?? new Set()).add(attachment.viewId));
        // A view whose window reloads or whose socket drops must not hold the pty's flow control.
        context.onClose(() => terminals.detach(id, attachment.viewId));
        return attachment;
      },
      'terminals.detach': ({ id, viewId }, context) => {
        terminals.detach(id, viewId);
        forgetView(context.connection, id, viewId);
        return {};
      },
      'terminals.ack': ({ id, viewId, chars }) => {
        terminals.acknowledge(id, viewId, chars);
        return {};
      },
      // A superseded search is cancelled by its client and stops in the worker, not at its budget.
      'terminals.search': (query, { signal }) => terminals.search(query, signal),
    },
    streams: {
      'terminals.output': ({ terminalIds, attachedOnly }, sink, context) => {
        const wanted = terminalIds ? new Set(terminalIds) : undefined;
        const views = attachedOnly === true ? ofConnection(context.connection).viewsByTerminal : undefined;
        return terminals.onOutput((batch) => {
          if (wanted !== undefined && !wanted.has(batch.terminalId)) return;
          if (views !== undefined && !views.has(batch.terminalId)) return;
          sink.push(batch);
        });
      },
      'terminals.changes': (_input, sink) => terminals.onChange((change) => sink.push(change)),
    },
  };
}
