import { AgentCardHost } from '../runs/agent-card';
import { AgentDetailsPanel } from '../agents/agent-details-panel';
import { AgentsList } from '../agents/agents-list';
import { DemoControl } from '../controls/demo-control';
import { DemoOffer } from '../controls/demo-offer';
import { HooksControl } from '../controls/hooks-control';
import { JournalsControl } from '../controls/journals-control';
import { NotificationsControl } from '../controls/notifications-control';
import { ProfilesControl } from '../controls/profiles-control';
import { RunAgentForm } from '../controls/run-agent-form';
import { RunSettingsControl } from '../controls/run-settings-control';
import { WorkflowProgress, WorkflowsControl } from '../controls/workflows-control';
import { AgentGraph } from '../graph/agent-graph';
import { GraphWithTimeline } from '../history/history-timeline';
import { NotificationController } from '../notifications/notification-controller';
import { openAgentCard } from '../state/agent-card-store';
import { useConnectionStore } from '../state/connection-store';
import { SearchPanel } from '../search/search-panel';
import { TerminalsPanel } from '../terminals/terminals-panel';
import { PaperclipControl } from '../paperclip/paperclip-control';
import { AppInfoPanel } from './app-info-panel';
import { BudgetBanner } from './budget-banner';
import { ConnectionBadge } from './connection-badge';

export function AppShell() {
  const version = useConnectionStore((s) => s.appInfo?.version);
  return (
    <div className="app-shell">
      <header className="app-header">
        <h1 className="app-title">
          Orrery <span className="app-version" data-testid="header-version">{version ? `v${version}` : ''}</span>
        </h1>
        <ConnectionBadge />
      </header>
      <BudgetBanner />
      <main className="app-regions">
        <section className="region region-graph" aria-label="Agent graph" data-testid="region-graph">
          <GraphWithTimeline>
            <AgentGraph onOpenAgent={openAgentCard} />
            <DemoOffer />
          </GraphWithTimeline>
        </section>
        <aside className="region region-controls" aria-label="Controls" data-testid="region-controls">
          <RunAgentForm />
          <AgentsList />
          <AgentDetailsPanel />
          <WorkflowsControl />
          <RunSettingsControl />
          <ProfilesControl />
          <DemoControl />
          <HooksControl />
          <JournalsControl />
          <PaperclipControl />
          <NotificationsControl />
          <h2>About this host</h2>
          <AppInfoPanel />
        </aside>
        <section className="region region-terminals" aria-label="Terminals" data-testid="region-terminals">
          <TerminalsPanel />
        </section>
      </main>
      <AgentCardHost />
      <WorkflowProgress />
      <SearchPanel />
      <NotificationController />
    </div>
  );
}
