/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { formatScore } from '../core/score/rag';
import type { TreeMessage, TreeNode, WebviewMessage } from '../core/workspace/protocol';
import { progressChart } from './chart';
import { attrs, el, hiddenText } from './dom';
import {
  allIds,
  applyFilters,
  compareText,
  defaultExpanded,
  emptyUiState,
  filtersActive,
  KIND_LABELS,
  legendEntries,
  progressSummary,
  STALE_DAYS,
  RAG_KEY_LABELS,
  RAG_KEYS,
  ragKey,
  scoresText,
  teamChoices,
  teamOf,
  tooltipText,
  type FilterResult,
  type RagKey,
  type UiState,
} from './model';

/** What the view needs from where it runs: a VS Code webview or the CLI's static page. */
export interface ViewHost {
  /** Posts to the extension host; null in the static page, where nothing can be opened. */
  post: ((message: WebviewMessage) => void) | null;
  /** The persisted UI state, if any. */
  load(): UiState | null;
  save(state: UiState): void;
}

const TREEITEM = '[role="treeitem"]';

/**
 * The alignment tree: a header with the team, RAG and search filters, a
 * legend and a count, and an ARIA tree with a roving tabindex. Renders each
 * `tree` message, keeping expansion, selection, filters and focus.
 */
export class TreeView {
  private message: TreeMessage | null = null;
  private readonly state: UiState;
  private readonly expanded: Set<string>;
  private readonly collapsed: Set<string>;
  private filter: FilterResult | null = null;
  /** Rendered rows by node id, and each row's node. */
  private readonly rows = new Map<string, HTMLLIElement>();
  private readonly nodeOf = new WeakMap<Element, TreeNode>();
  private labelCounter = 0;
  private teamsKey = '';

  private readonly teamSelect: HTMLSelectElement;
  private readonly ragButtons = new Map<RagKey, HTMLButtonElement>();
  private readonly search: HTMLInputElement;
  /** Rollup preview: the "Changes only" toggle, the header line and the list of removed nodes. */
  private readonly changedToggle: HTMLButtonElement;
  private readonly compare: HTMLElement;
  private readonly removed: HTMLElement;
  private readonly count: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly status: HTMLElement;
  private readonly tree: HTMLUListElement;
  private readonly empty: HTMLElement;
  /** KRs behind pace, stale and not started, above the tree. */
  private readonly progress: HTMLElement;
  /** The selected node's progress chart, below the tree. */
  private readonly detail: HTMLElement;
  private chart: { id: string; destroy(): void } | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: ViewHost,
  ) {
    this.state = host.load() ?? emptyUiState();
    this.expanded = new Set(this.state.expanded);
    this.collapsed = new Set(this.state.collapsed);

    const toolbar = el('div', 'toolbar');
    attrs(toolbar, { role: 'search', 'aria-label': 'Filter the alignment tree' });

    const teamLabel = el('label', 'field');
    teamLabel.append(el('span', 'field-label', 'Team'));
    this.teamSelect = el('select', 'team-filter');
    this.teamSelect.append(new Option('All teams', ''));
    teamLabel.append(this.teamSelect);

    const rags = el('div', 'rag-filter');
    attrs(rags, { role: 'group', 'aria-label': 'Show only these RAG statuses' });
    for (const rag of RAG_KEYS) {
      const button = el('button', `rag-toggle rag-${rag}`);
      attrs(button, { type: 'button', 'data-rag': rag, 'aria-pressed': this.state.rags.includes(rag) ? 'true' : 'false' });
      const dot = el('span', 'rag-dot');
      attrs(dot, { 'aria-hidden': 'true' });
      button.append(dot, el('span', 'rag-toggle-label', RAG_KEY_LABELS[rag]));
      this.ragButtons.set(rag, button);
      rags.append(button);
    }

    this.search = el('input', 'search');
    attrs(this.search, {
      type: 'search',
      placeholder: 'Search title or owner',
      'aria-label': 'Search by title or owner',
      spellcheck: 'false',
      autocomplete: 'off',
    });
    this.search.value = this.state.search;
    this.changedToggle = el('button', 'changed-toggle', 'Changes only');
    attrs(this.changedToggle, {
      type: 'button',
      'aria-pressed': this.state.changed ? 'true' : 'false',
      hidden: true,
      title: 'Show only what moved since the commit',
    });
    toolbar.append(teamLabel, rags, this.search, this.changedToggle);

    const summary = el('div', 'summary');
    this.count = el('p', 'count');
    attrs(this.count, { 'aria-live': 'polite' });
    this.legend = el('ul', 'legend');
    attrs(this.legend, { 'aria-label': 'RAG bands' });
    summary.append(this.count, this.legend);

    this.status = el('p', 'status', 'Waiting for the OKR documents of this workspace…');
    attrs(this.status, { role: 'status' });

    this.tree = el('ul', 'tree');
    attrs(this.tree, { role: 'tree', 'aria-label': 'OKR alignment: company, team and individual objectives' });
    this.empty = el('p', 'empty');
    attrs(this.empty, { hidden: true });

    this.compare = el('div', 'compare');
    attrs(this.compare, { role: 'status', hidden: true });
    this.removed = el('section', 'removed');
    attrs(this.removed, { hidden: true, 'aria-label': 'Removed since the commit' });

    this.progress = el('section', 'progress-summary');
    attrs(this.progress, { 'aria-label': 'Progress summary', hidden: true });
    this.detail = el('section', 'detail');
    attrs(this.detail, { 'aria-label': 'Progress of the selected node', 'aria-live': 'polite', hidden: true });

    root.replaceChildren(toolbar, summary, this.progress, this.compare, this.status, this.tree, this.empty, this.detail, this.removed);
    this.progress.addEventListener('click', (event) => {
      const id = (event.target as Element).closest('[data-id]')?.getAttribute('data-id');
      const row = id ? this.rows.get(id) : undefined;
      if (row) this.select(row, true);
    });

    this.teamSelect.addEventListener('change', () => {
      this.state.team = this.teamSelect.value;
      this.filtersChanged();
    });
    rags.addEventListener('click', (event) => {
      const button = (event.target as Element).closest('button[data-rag]');
      if (!button) return;
      const rag = button.getAttribute('data-rag') as RagKey;
      const on = !this.state.rags.includes(rag);
      this.state.rags = on ? [...this.state.rags, rag] : this.state.rags.filter((r) => r !== rag);
      attrs(button, { 'aria-pressed': on ? 'true' : 'false' });
      this.filtersChanged();
    });
    this.changedToggle.addEventListener('click', () => {
      this.state.changed = !this.state.changed;
      attrs(this.changedToggle, { 'aria-pressed': this.state.changed ? 'true' : 'false' });
      this.filtersChanged();
    });
    this.search.addEventListener('input', () => {
      this.state.search = this.search.value;
      this.filtersChanged();
    });
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.search.value !== '') {
        this.search.value = '';
        this.state.search = '';
        this.filtersChanged();
        event.preventDefault();
      }
    });
    this.tree.addEventListener('click', (event) => this.onClick(event));
    this.tree.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.tree.addEventListener('focusin', (event) => {
      const row = (event.target as Element).closest(TREEITEM);
      if (row instanceof HTMLLIElement && row.getAttribute('aria-selected') !== 'true') this.select(row, false);
    });
  }

  /** Shows a tree message; one older than the tree shown is ignored. */
  /** Renders a tree message; false when it was older than the one shown and ignored. */
  show(message: TreeMessage): boolean {
    if (this.message && message.version < this.message.version) return false;
    const hadFocus = this.tree.contains(document.activeElement);
    const order = this.visibleRows();
    const selectedRow = this.state.selected !== null ? this.rows.get(this.state.selected) : undefined;
    const oldIndex = selectedRow ? order.indexOf(selectedRow) : -1;

    this.message = message;
    const ids = allIds(message.roots);
    for (const set of [this.expanded, this.collapsed]) for (const id of set) if (!ids.has(id)) set.delete(id);

    const choices = teamChoices(message);
    const key = JSON.stringify(choices);
    if (key !== this.teamsKey) {
      // Rebuilt only when a team or its score changed, so an open drop-down survives a refresh.
      this.teamsKey = key;
      this.teamSelect.replaceChildren(new Option('All teams', ''), ...choices.map((c) => new Option(c.label, c.team)));
    }
    if (!choices.some((c) => c.team === this.state.team)) this.state.team = '';
    this.teamSelect.value = this.state.team;

    this.legend.replaceChildren(
      ...legendEntries(message.bands).map((entry) => {
        const item = el('li', `legend-item rag-${entry.rag}`);
        const dot = el('span', 'rag-dot');
        attrs(dot, { 'aria-hidden': 'true' });
        item.append(dot, el('span', undefined, entry.text));
        return item;
      }),
    );
    this.status.hidden = true;
    this.root.classList.toggle('can-open', this.canOpen());
    this.showCompare(message);

    this.showProgress(message);
    this.render();
    if (this.state.selected !== null && !this.rows.has(this.state.selected) && oldIndex >= 0) {
      // The selected node is gone: select the row that took its place.
      const rows = this.visibleRows();
      const next = rows[Math.min(oldIndex, rows.length - 1)];
      if (next) this.select(next, false);
    }
    if (hadFocus) this.focusSelected();
    // The node's data may have changed: draw its chart again.
    this.chart?.destroy();
    this.chart = null;
    this.showDetail();
    return true;
  }

  /** Selects a node, opening the way to it, and shows its chart; an id the tree does not hold is ignored. */
  reveal(id: string): void {
    if (!this.message) return;
    const path: TreeNode[] = [];
    const find = (nodes: readonly TreeNode[]): boolean =>
      nodes.some((n) => {
        path.push(n);
        if (n.id === id || find(n.children)) return true;
        path.pop();
        return false;
      });
    if (!find(this.message.roots)) return;
    for (const n of path.slice(0, -1)) {
      this.expanded.add(n.id);
      this.collapsed.delete(n.id);
    }
    this.render();
    const row = this.rows.get(id);
    if (row) this.select(row, true);
  }

  /** The summary above the tree: KRs behind pace, stale and not started, each a link to its row. */
  private showProgress(message: TreeMessage): void {
    const summary = progressSummary(message.roots);
    const groups: Array<[string, TreeNode[], (n: TreeNode) => string]> = [
      ['Behind pace', summary.behind, (n) => n.pace?.text ?? ''],
      ['Stale', summary.stale, (n) => `no new value for ${n.progress?.idle ?? 0} days`],
      ['Not started', summary.notStarted, () => 'no current value yet'],
    ];
    this.progress.replaceChildren();
    const any = summary.keyResults > 0;
    attrs(this.progress, { hidden: !any });
    if (!any) return;
    const line = el('p', 'progress-counts');
    line.textContent = groups.map(([label, nodes]) => `${label}: ${nodes.length}`).join(' · ');
    if (summary.withHistory < summary.keyResults)
      line.append(
        el('span', 'progress-note', ` (stale counts the ${summary.withHistory} of ${summary.keyResults} KRs with a history; more than ${STALE_DAYS} days)`),
      );
    this.progress.append(line);
    for (const [label, nodes, why] of groups) {
      if (nodes.length === 0) continue;
      const list = el('ul', 'progress-list');
      attrs(list, { 'aria-label': label, 'data-group': label });
      for (const n of nodes.slice(0, 8)) {
        const item = el('li', 'progress-item');
        attrs(item, { 'data-id': n.id, title: `${n.path}:${n.line}` });
        item.append(el('span', 'title', n.title), el('span', 'why', why(n)));
        list.append(item);
      }
      if (nodes.length > 8) list.append(el('li', 'progress-more', `and ${nodes.length - 8} more`));
      const group = el('div', 'progress-group');
      group.append(el('h2', 'progress-heading', `${label} (${nodes.length})`), list);
      this.progress.append(group);
    }
  }

  /** The selected node's chart, or why there is none. */
  private showDetail(): void {
    const node = this.state.selected !== null ? this.rows.get(this.state.selected) : undefined;
    const data = node ? this.nodeOf.get(node) : undefined;
    if (!data || data.kind === 'document') {
      this.chart?.destroy();
      this.chart = null;
      this.detail.replaceChildren();
      attrs(this.detail, { hidden: true });
      return;
    }
    if (this.chart?.id === data.id) return;
    this.chart?.destroy();
    this.chart = null;
    attrs(this.detail, { hidden: false, 'data-id': data.id });
    const heading = el('h2', 'detail-heading', data.title);
    const series = data.progress;
    if (!series) {
      this.detail.replaceChildren(
        heading,
        el('p', 'detail-none', `No progress chart for this node (charts: ${this.message?.history ?? 'none were read for this tree'}).`),
      );
      return;
    }
    this.detail.replaceChildren(heading);
    if (series.pace) this.detail.append(el('p', 'detail-pace', series.pace));
    const chart = { id: data.id, destroy: (): void => undefined };
    this.chart = chart;
    void progressChart(this.detail, data.title, series).then((drawn) => {
      // Another node was selected (or the tree refreshed) while the chart library loaded: this chart is not wanted.
      if (this.chart !== chart) return drawn.destroy();
      chart.destroy = () => drawn.destroy();
      this.detail.append(drawn.element);
      if (this.message?.history) this.detail.append(el('p', 'detail-source', `Progress ${this.message.history}.`));
      this.host.post?.({ type: 'chart', id: data.id, series: drawn.info.series, points: drawn.info.points });
    });
  }

  /** A rollup preview's header, toggle and removed nodes; all hidden in the plain tree. */
  private showCompare(message: TreeMessage): void {
    const compare = message.compare;
    this.root.classList.toggle('preview', compare !== undefined);
    attrs(this.changedToggle, { hidden: compare === undefined });
    if (!compare) {
      this.state.changed = false;
      attrs(this.changedToggle, { 'aria-pressed': 'false' });
      this.compare.hidden = true;
      this.removed.hidden = true;
      this.removed.replaceChildren();
      return;
    }
    this.compare.replaceChildren(el('span', 'compare-text', compareText(compare)));
    if (compare.documents.length > 0) {
      // Team documents sit under what they support, so their rollups are listed here.
      const list = el('ul', 'compare-documents');
      attrs(list, { 'aria-label': 'Team rollups that moved' });
      list.append(
        ...compare.documents.map((d) => {
          const item = el('li', 'compare-document');
          attrs(item, { 'data-path': d.path, 'data-delta': d.label });
          item.append(el('span', 'title', d.team ?? d.title), el('span', `delta delta-${d.trend}`, d.label));
          return item;
        }),
      );
      this.compare.append(list);
    }
    this.compare.hidden = false;
    this.removed.hidden = compare.removed.length === 0;
    const list = el('ul', 'removed-list');
    list.append(
      ...compare.removed.map((r) => {
        const item = el('li', `removed-item kind-${r.kind}`);
        attrs(item, { 'data-id': r.id, 'data-delta': r.label });
        item.append(
          el('span', 'title', `${KIND_LABELS[r.kind]}: ${r.title}`),
          el('span', 'delta delta-removed', r.label),
          el('span', 'where', `${r.path}:${r.line}`),
        );
        return item;
      }),
    );
    this.removed.replaceChildren(el('h2', 'removed-heading', `Removed since ${compare.since}`), list);
  }

  /** Replaces the tree with a readable error (the static page's data did not validate). */
  showError(text: string): void {
    this.status.textContent = text;
    this.status.className = 'status error';
    attrs(this.status, { role: 'alert' });
    this.status.hidden = false;
    this.tree.replaceChildren();
    this.tree.hidden = true;
    this.count.textContent = '';
  }

  private canOpen(): boolean {
    return this.host.post !== null && this.message?.canOpen === true;
  }

  private filtersChanged(): void {
    if (!this.message) return this.save();
    const result = applyFilters(this.message.roots, this.state);
    // Open the way to every match.
    for (const n of result.ancestors) {
      this.expanded.add(n.id);
      this.collapsed.delete(n.id);
    }
    this.render(result);
  }

  private isExpanded(node: TreeNode, level: number): boolean {
    if (this.expanded.has(node.id)) return true;
    if (this.collapsed.has(node.id)) return false;
    return defaultExpanded(node, level);
  }

  private render(result?: FilterResult): void {
    const message = this.message;
    if (!message) return;
    this.filter = result ?? applyFilters(message.roots, this.state);
    this.rows.clear();
    const roots = message.roots.filter((r) => this.filter!.visible.has(r));
    this.tree.replaceChildren(...roots.map((r, i) => this.renderNode(r, 1, i + 1, roots.length)));
    this.tree.hidden = roots.length === 0;
    this.updateTabStop();

    const { shownObjectives: shown, totalObjectives: total } = this.filter;
    this.count.textContent = `${shown} of ${total} objective${total === 1 ? '' : 's'} shown`;
    const active = filtersActive(this.state);
    this.empty.textContent = message.roots.length === 0 ? 'No OKR documents in this workspace yet.' : 'Nothing matches the filters.';
    this.empty.hidden = roots.length > 0 || (!active && message.roots.length > 0);
    this.save();
  }

  private renderNode(node: TreeNode, level: number, position: number, size: number): HTMLLIElement {
    const children = node.children.filter((c) => this.filter!.visible.has(c));
    const open = children.length > 0 && this.isExpanded(node, level);
    const selected = this.state.selected === node.id;
    const rag = ragKey(node);
    const labelId = `okr-row-${++this.labelCounter}`;

    const item = el('li', `treeitem kind-${node.kind}`);
    attrs(item, {
      role: 'treeitem',
      'aria-level': level,
      'aria-setsize': size,
      'aria-posinset': position,
      'aria-expanded': children.length > 0 ? String(open) : null,
      'aria-selected': selected ? 'true' : 'false',
      'aria-labelledby': labelId,
      tabindex: '-1',
      title: tooltipText(node),
      'data-id': node.id,
      'data-kind': node.kind,
      'data-score': node.score === null ? '' : formatScore(node.score),
      'data-rolled-up-score': node.rolledUpScore === null ? '' : formatScore(node.rolledUpScore),
      'data-rag': rag,
      'data-path': node.path,
      'data-line': node.line,
    });

    const row = el('div', 'row');
    attrs(row, { id: labelId });
    row.style.setProperty('--depth', String(level - 1));
    const chevron = el('span', children.length > 0 ? 'chevron' : 'chevron leaf');
    attrs(chevron, { 'aria-hidden': 'true' });
    const badge = el('span', `rag rag-${rag}`);
    const dot = el('span', 'rag-dot');
    attrs(dot, { 'aria-hidden': 'true' });
    badge.append(dot, el('span', 'rag-label', RAG_KEY_LABELS[rag]));
    const content = el('span', 'content');
    content.append(hiddenText(`${KIND_LABELS[node.kind]}: `), el('span', 'title', node.title), badge);
    if (node.kind === 'objective') content.append(el('span', 'team-tag', teamOf(node)));
    if (node.owner) {
      const owner = el('span', 'owner');
      owner.append(hiddenText('owner '), document.createTextNode(node.owner));
      content.append(owner);
    }
    content.append(el('span', 'scores', scoresText(node)));
    const shown = node.rolledUpScore ?? node.score;
    if (shown !== null) {
      // The score as a bar; the number beside it is what screen readers read.
      const bar = el('span', 'bar');
      attrs(bar, { 'aria-hidden': 'true' });
      const fill = el('span', `bar-fill rag-${rag}`);
      fill.style.setProperty('--fill', String(Math.min(1, Math.max(0, shown))));
      bar.append(fill);
      content.append(bar);
    }
    if (node.pace) {
      const pace = el('span', `pace pace-${node.pace.ended ? 'ended' : node.pace.status}`, node.pace.text);
      attrs(item, { 'data-pace': node.pace.ended ? 'ended' : node.pace.status });
      content.append(pace);
    }
    if (node.delta) {
      const delta = el('span', `delta delta-${node.delta.change === 'added' ? 'added' : node.delta.trend}`);
      delta.append(hiddenText(`since ${this.message?.compare?.since ?? 'the commit'}: `), document.createTextNode(node.delta.label));
      content.append(delta);
      attrs(item, { 'data-delta': node.delta.label, 'data-change': node.delta.change });
    }
    row.append(chevron, content);
    item.append(row);

    if (open) {
      const group = el('ul', 'group');
      attrs(group, { role: 'group' });
      group.append(...children.map((c, i) => this.renderNode(c, level + 1, i + 1, children.length)));
      item.append(group);
    }
    this.rows.set(node.id, item);
    this.nodeOf.set(item, node);
    return item;
  }

  /** Re-renders one row and its subtree in place (after a toggle). */
  private rerender(row: HTMLLIElement): HTMLLIElement {
    const node = this.nodeOf.get(row)!;
    for (const old of row.querySelectorAll(TREEITEM)) {
      const id = old.getAttribute('data-id');
      if (id !== null && this.rows.get(id) === old) this.rows.delete(id);
    }
    const level = Number(row.getAttribute('aria-level'));
    const fresh = this.renderNode(node, level, Number(row.getAttribute('aria-posinset')), Number(row.getAttribute('aria-setsize')));
    const hadFocus = row.contains(document.activeElement);
    row.replaceWith(fresh);
    this.updateTabStop();
    if (hadFocus) fresh.focus({ preventScroll: true });
    this.save();
    return fresh;
  }

  private toggle(row: HTMLLIElement, open?: boolean): HTMLLIElement {
    const state = row.getAttribute('aria-expanded');
    if (state === null) return row;
    const want = open ?? state !== 'true';
    if ((state === 'true') === want) return row;
    const id = row.getAttribute('data-id')!;
    (want ? this.expanded : this.collapsed).add(id);
    (want ? this.collapsed : this.expanded).delete(id);
    return this.rerender(row);
  }

  private select(row: HTMLLIElement, focus: boolean): void {
    const id = row.getAttribute('data-id');
    const previous = this.state.selected !== null ? this.rows.get(this.state.selected) : undefined;
    if (previous && previous !== row) attrs(previous, { 'aria-selected': 'false' });
    attrs(row, { 'aria-selected': 'true' });
    this.state.selected = id;
    this.updateTabStop();
    this.showDetail();
    if (focus) {
      row.focus({ preventScroll: true });
      // The row itself, not its subtree, into view (below the sticky toolbar: see scroll-margin in tree.css).
      row.firstElementChild?.scrollIntoView({ block: 'nearest' });
    }
    this.save();
  }

  private focusSelected(): void {
    const row = (this.state.selected !== null ? this.rows.get(this.state.selected) : undefined) ?? this.visibleRows()[0];
    row?.focus({ preventScroll: true });
  }

  /** Roving tabindex: the selected row, or the first, is the one Tab reaches. */
  private updateTabStop(): void {
    const target = (this.state.selected !== null ? this.rows.get(this.state.selected) : undefined) ?? this.tree.querySelector<HTMLLIElement>(TREEITEM);
    for (const r of this.tree.querySelectorAll('[role="treeitem"][tabindex="0"]')) if (r !== target) attrs(r, { tabindex: '-1' });
    if (target) attrs(target, { tabindex: '0' });
  }

  private visibleRows(): HTMLLIElement[] {
    return [...this.tree.querySelectorAll<HTMLLIElement>(TREEITEM)];
  }

  private activate(row: HTMLLIElement): void {
    if (this.canOpen()) {
      this.host.post!({ type: 'open', id: row.getAttribute('data-id')! });
      return;
    }
    this.toggle(row);
  }

  private onClick(event: MouseEvent): void {
    const row = (event.target as Element).closest(TREEITEM);
    if (!(row instanceof HTMLLIElement) || !this.tree.contains(row)) return;
    this.select(row, true);
    if ((event.target as Element).closest('.chevron')) this.toggle(row);
    else this.activate(row);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const row = (event.target as Element).closest(TREEITEM);
    if (!(row instanceof HTMLLIElement)) return;
    const rows = this.visibleRows();
    const index = rows.indexOf(row);
    const go = (to: HTMLLIElement | null | undefined): void => {
      if (to) this.select(to, true);
    };
    switch (event.key) {
      case 'ArrowDown':
        go(rows[index + 1]);
        break;
      case 'ArrowUp':
        go(rows[index - 1]);
        break;
      case 'Home':
        go(rows[0]);
        break;
      case 'End':
        go(rows[rows.length - 1]);
        break;
      case 'ArrowRight':
        if (row.getAttribute('aria-expanded') === 'false') this.toggle(row, true);
        else if (row.getAttribute('aria-expanded') === 'true') go(row.querySelector<HTMLLIElement>(':scope > ul > li'));
        break;
      case 'ArrowLeft':
        if (row.getAttribute('aria-expanded') === 'true') this.toggle(row, false);
        else go(row.parentElement?.closest<HTMLLIElement>(TREEITEM));
        break;
      case 'Enter':
      case ' ':
        this.activate(row);
        break;
      case '*': {
        const siblings = [...(row.parentElement?.children ?? [])].filter((s): s is HTMLLIElement => s instanceof HTMLLIElement);
        let current = row;
        for (const s of siblings) {
          const fresh = this.toggle(s, true);
          if (s === row) current = fresh;
        }
        current.focus({ preventScroll: true });
        break;
      }
      default:
        if (event.key.length === 1 && event.key.trim() !== '') {
          this.typeAhead(rows, index, event.key.toLowerCase());
          break;
        }
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  }

  /** Moves to the next row whose title starts with the typed character. */
  private typeAhead(rows: HTMLLIElement[], from: number, char: string): void {
    for (let step = 1; step <= rows.length; step++) {
      const candidate = rows[(from + step) % rows.length]!;
      if (this.nodeOf.get(candidate)?.title.trimStart().toLowerCase().startsWith(char)) {
        this.select(candidate, true);
        return;
      }
    }
  }

  private save(): void {
    this.state.expanded = [...this.expanded];
    this.state.collapsed = [...this.collapsed];
    this.host.save({ ...this.state });
  }
}
