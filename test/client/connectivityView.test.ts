import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderConnectivity, type ConnectivityView } from '../../client/src/preview/connectivityHtml';
import { FONT_PX, layoutTopology, renderTopologySvg } from '../../client/src/preview/topologySvg';
import { connectivityOf, DEFAULT_CLUSTER, previewPods, readManifestSet, topologyOf } from '../../engine';

const ROOT = join(__dirname, '..', '..', '..');

function viewOf(files: { path: string; text: string }[]): ConnectivityView {
  const set = readManifestSet(files);
  const matrix = connectivityOf(previewPods(set.nads, set.pods, DEFAULT_CLUSTER), DEFAULT_CLUSTER);
  return { matrix, topology: topologyOf(matrix, DEFAULT_CLUSTER) };
}

function seedLab(): ConnectivityView {
  const names = ['macvlan-conf.yaml', 'samplepod.yaml', 'samplepod2.yaml'];
  return viewOf(
    names.map((name) => ({ path: name, text: readFileSync(join(ROOT, 'examples', 'seed-lab', name), 'utf8') })),
  );
}

function podsOn(
  count: number,
  podName: (i: number) => string,
  nadName = 'macvlan-conf',
  onMaster: (i: number) => boolean = () => false,
): ConnectivityView {
  const nad = readFileSync(join(ROOT, 'examples', 'seed-lab', 'macvlan-conf.yaml'), 'utf8')
    .replace('name: macvlan-conf', `name: "${nadName}"`)
    .replace('"rangeEnd": "192.168.1.216"', '"rangeEnd": "192.168.1.254"');
  const pods = Array.from(
    { length: count },
    (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${JSON.stringify(podName(i))}\n  annotations:\n    k8s.v1.cni.cncf.io/networks: ${JSON.stringify(nadName)}\nspec:\n  ${onMaster(i) ? 'nodeName: master\n  ' : ''}containers: []\n`,
  );
  return viewOf([{ path: 'many.yaml', text: [nad, ...pods].join('---\n') }]);
}

describe('preview webview: the Connectivity view', () => {
  it('a matrix per network whose cells explain themselves on hover (title), then the SVG picture', () => {
    const html = renderConnectivity(seedLab());
    assert.match(html, /<h2>Connectivity<\/h2>/);
    assert.match(html, /<h3 class="network">default\/macvlan-conf \(macvlan bridge\)<\/h3>/);
    assert.match(
      html,
      /<td class="verdict reachable" title="samplepod2 -&#62; samplepod: reachable \(macvlan bridge, same master eth0 on node1\) \[Linux drivers\/net\/macvlan\.c macvlan_queue_xmit \(bridge mode\)\]" aria-label="reachable">✓<\/td>/,
    );
    assert.match(html, /<th scope="col">node1 192\.168\.1\.11<\/th>/);
    assert.match(
      html,
      /class="verdict unreachable" title="samplepod -&#62; node1 192\.168\.1\.11: unreachable \(macvlan: a pod cannot talk to its parent interface;/,
    );
    assert.match(html, /<div class="topology-frame"><svg /);
  });

  it('in a panel narrower than the matrix, the matrix and the picture scroll in their own frames, not the page', () => {
    // media/preview.css turns the interface tables into cards below 900 px; the matrix keeps its grid.
    const html = renderConnectivity(seedLab());
    assert.match(html, /<div class="matrix-frame"><table class="connectivity-matrix"/);
    const css = readFileSync(join(ROOT, 'media', 'preview.css'), 'utf8');
    assert.match(css, /\.matrix-frame \{\s*overflow-x: auto;/);
    assert.match(css, /\.topology-frame \{\s*overflow: auto;/);
    assert.doesNotMatch(css, /table\.connectivity-matrix[^{]*\{[^}]*display: block/);
  });

  it('the picture shows the two pods, the net1 edges with their addresses, the nodes and the segment', () => {
    const svg = renderTopologySvg(seedLab().topology);
    for (const text of [
      'samplepod',
      'samplepod2',
      'net1 192.168.1.200/24',
      'net1 192.168.1.201/24',
      'node node1',
      'segment lab',
      'default/macvlan-conf',
    ]) {
      assert.ok(svg.includes(`>${text}</text>`), `${text} in the SVG`);
    }
    // Colours are presentation attributes: the CSP allows no inline style.
    assert.doesNotMatch(svg, /style=/);
    assert.match(svg, /<path d="M[\d. ]+(L[\d. ]+)+" stroke="#0072B2" stroke-width="2" fill="none"\/>/);
  });

  it('names from manifests are escaped in the matrix and the picture', () => {
    const view = podsOn(2, (i) => `p${i}"><img src=x onerror=alert(1)>`);
    assert.equal(view.matrix.networks[0].members.length, 2);
    const html = renderConnectivity(view);
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /p0&#34;&#62;&#60;img src=x onerror=alert\(1\)&#62;/);
    assert.match(html, /<svg .*>p1&#34;&#62;&#60;img src=x onerror=alert\(1\)&#62;<\/text>/);
  });

  it('at 50 pods on two nodes the layout keeps text at full size and no two boxes, edge labels or node frames overlap', () => {
    const view = podsOn(
      50,
      (i) => `pod-${String(i).padStart(2, '0')}`,
      'macvlan-conf',
      (i) => i % 2 === 1,
    );
    assert.equal(view.matrix.networks[0].members.length, 50);
    const laid = layoutTopology(view.topology);
    const boxes = [
      ...laid.vertices.map((v) => ({ ...v, name: v.vertex.label })),
      ...laid.edges.map((e) => ({ ...e.label, name: e.label.text })),
    ];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `${a.name} overlaps ${b.name}`);
      }
    }
    const [one, two] = laid.clusters;
    assert.ok(one.y + one.height <= two.y || two.y + two.height <= one.y, 'the two node frames do not overlap');
    const svg = renderTopologySvg(view.topology);
    assert.match(svg, new RegExp(`<svg [^>]*width="${laid.width}" [^>]*font-size="${FONT_PX}"`));
    assert.equal((svg.match(/class="vertex pod"/g) ?? []).length, 50);
  });
});
