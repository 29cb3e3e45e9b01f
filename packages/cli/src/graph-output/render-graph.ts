import { graphToDot } from './graph-dot.js';
import { graphToJson } from './graph-json.js';
import { graphToMermaid } from './graph-mermaid.js';
import { graphToText } from './graph-text.js';
import type { GraphView } from './graph-view.js';

/** Renders a graph view in one of the `tb-refs graph` formats. */
export function renderGraph(view: GraphView, format: 'text' | 'json' | 'dot' | 'mermaid', options: { color: boolean }): string {
  switch (format) {
    case 'text':
      return graphToText(view, options);
    case 'json':
      return graphToJson(view);
    case 'dot':
      return graphToDot(view);
    case 'mermaid':
      return graphToMermaid(view);
  }
}
