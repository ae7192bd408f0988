// The explorer's start page: what each view answers, with links.
import { h } from '../ui.js';

const entries = [
  ['/explore/funnel', 'Funnel', 'Accounts entering each lifecycle stage, converting, skipping ahead or dropping off, and time in stage.'],
  ['/explore/paths', 'Paths', 'What happens around a touchpoint type (Sankey), and the most frequent paths to an outcome.'],
  ['/explore/linkages', 'Linkages', 'Which touchpoint types directly follow which, with lift, and the handoffs between departments.'],
  ['/explore/accounts', 'Accounts', "One account's journey as a timeline: contacts as lanes, stage bands behind."],
  ['/explore/attribution', 'Attribution', 'Which touchpoint types get the credit for conversions: every model side by side, per category and channel, and Markov removal effects.'],
  ['/explore/coverage', 'Coverage', 'Which expected touchpoints the technology stack captures per stage, its gaps, vendors and perception gaps, and what retiring or adding a technology would change.'],
  ['/explore/map', 'Journey map', 'The designed journey as a printable map: stages in order, doing, feeling and wanting, touchpoints with owner, technologies and ratings, pain points, moments of truth and gaps.'],
];

export function mount(main) {
  main.replaceChildren(h('section', { class: 'view', 'data-view': 'home', 'data-ready': 'true' },
    h('h1', { text: 'Journey Explorer' }),
    h('p', { class: 'intro', text: 'Every view draws answers of the public GraphQL API (/graphql) and can show the exact operation it ran.' }),
    h('ul', { class: 'home-list' }, entries.map(([href, name, what]) =>
      h('li', {}, h('a', { href, text: name }), h('p', { class: 'muted', text: what }))))));
  return null;
}
