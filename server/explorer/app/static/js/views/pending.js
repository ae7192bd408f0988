// Views of issue 12 that are not built yet say so instead of failing.
import { h } from '../ui.js';

export function mount(main, ctx) {
  main.replaceChildren(h('section', { class: 'view', 'data-view': ctx.name },
    h('h1', { text: 'Not built yet' }),
    h('p', { class: 'empty', text: 'This view is planned but not built yet; GraphiQL at / answers the same queries.' })));
  return null;
}
