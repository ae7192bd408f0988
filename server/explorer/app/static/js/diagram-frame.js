// The diagram frame (/explore/diagram-frame): renders Mermaid text with the
// vendored mermaid and hands the app its SVG and a PNG of it. It lives in a
// frame of its own because Mermaid styles its drawing inline, which the app's
// Content-Security-Policy refuses (see explorer.go). The app calls
// window.journeyDiagram once the frame has loaded; this frame fetches nothing
// but its own script, CSS and Mermaid's modules (its policy refuses the rest).
const container = document.getElementById('diagram');
let mermaidReady = null;

function loadMermaid() {
  if (!mermaidReady) {
    mermaidReady = import('../vendor/mermaid/mermaid.esm.min.mjs').then(({ default: mermaid }) => {
      mermaid.initialize({
        startOnLoad: false,
        // Labels are sanitised and click handlers are off.
        securityLevel: 'strict',
        // A parse error is thrown to the app, which shows it, instead of
        // being drawn as Mermaid's own error picture.
        suppressErrorRendering: true,
        // Plain SVG text, not HTML in <foreignObject>: the export opens in
        // any SVG tool and can be drawn into a canvas for the PNG.
        htmlLabels: false,
        // No wrapping of its own: the API's text breaks its labels into
        // lines, and Mermaid's wrapping cuts long words (and entity codes,
        // which it then shows as written) anywhere.
        flowchart: { htmlLabels: false, useMaxWidth: false, wrappingWidth: 100000 },
        // Dagre, Mermaid's classic layout: Mermaid 12's default, ELK, is
        // another 500 KB to download (gzipped) for the same boxes in a row.
        layout: 'dagre',
        fontFamily: 'system-ui, "DejaVu Sans", sans-serif',
      });
      return mermaid;
    });
  }
  return mermaidReady;
}

function svgElement() {
  const svg = container.querySelector('svg');
  if (!svg) throw new Error('no diagram drawn');
  return svg;
}

// svgText is the drawn diagram as a standalone SVG document.
function svgText() {
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svgElement());
}

// Mermaid 12 turns a label's entity codes (#quot; #35; #96; …) into HTML
// entities, which its SVG-text labels (htmlLabels: false) then show as
// written, "&quot;", except &amp; &lt; &gt;; decode what it left. (A name
// that itself reads "&quot;" is shown as '"': the price of plain-SVG labels.)
const named = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>', nbsp: '\u00a0' };
function decodeLeftEntities(svg) {
  const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT,
    (n) => (n.parentElement.closest('text') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT));
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    n.data = n.data.replace(/&(#[0-9]+|#x[0-9a-fA-F]+|[a-z]+);/g, (whole, code) => {
      if (code[0] !== '#') return named[code] ?? whole;
      const point = code[1] === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    });
  }
}

window.journeyDiagram = {
  // render draws text and resolves with the drawing's size in CSS pixels;
  // it rejects with Mermaid's parse error when Mermaid refuses the text.
  async render(text) {
    let mermaid;
    try {
      mermaid = await loadMermaid();
    } catch (err) {
      // Not a parse error: the app says the diagram could not be loaded, and
      // a retry imports again.
      mermaidReady = null;
      throw Object.assign(new Error('Mermaid could not be loaded: ' + (err && err.message)), { code: 'DIAGRAM_UNAVAILABLE' });
    }
    container.replaceChildren();
    const { svg } = await mermaid.render('journey-diagram', text);
    container.innerHTML = svg;
    decodeLeftEntities(container.querySelector('svg'));
    const box = container.getBoundingClientRect();
    return { width: Math.ceil(box.width), height: Math.ceil(box.height) };
  },

  svg: svgText,

  // png draws the whole diagram (not only what the frame shows) into a
  // canvas at scale device pixels per CSS pixel, on white.
  async png(scale = 2) {
    const { width, height } = svgElement().getBoundingClientRect();
    const url = URL.createObjectURL(new Blob([svgText()], { type: 'image/svg+xml' }));
    try {
      const img = new Image();
      img.src = url;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(width * scale);
      canvas.height = Math.ceil(height * scale);
      const g = canvas.getContext('2d');
      g.fillStyle = '#fff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.drawImage(img, 0, 0, canvas.width, canvas.height);
      return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
    } finally {
      URL.revokeObjectURL(url);
    }
  },
};
