// The preview panel's choice of cluster model: what each choice sends to the server (the client reads the cluster,
// the server only receives the model), the line the panel shows with the snapshot's age, and the server's notes
// on the model (workspace NADs overriding the cluster's) shown above the pods.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPreviewBody } from '../../client/src/preview/previewHtml';
import { ageText, modelLabel, modelParams } from '../../client/src/preview/previewModelChoice';

const readAt = new Date('2026-12-03T13:00:00.000Z');
const at = (minutes: number) => new Date(readAt.getTime() + minutes * 60_000);
const live = { kind: 'live' as const, context: 'lab', document: { nodes: [{ name: 'node-a' }] }, readAt };

describe('the preview panel model choice', () => {
  it('sends the snapshot for live, asks for the embedded cluster for the lab, and nothing for the configured file', () => {
    assert.deepEqual(modelParams(live), { clusterModel: live.document });
    assert.deepEqual(modelParams({ kind: 'embedded' }), { embeddedCluster: true });
    assert.deepEqual(modelParams({ kind: 'configured' }), {});
  });

  it('labels a live model with its context and age', () => {
    assert.equal(modelLabel(live, at(0.5)), 'live: lab, read just now');
    assert.equal(modelLabel(live, at(2)), 'live: lab, read 2 min ago');
    assert.equal(ageText(readAt, at(119)), 'read 119 min ago');
    assert.equal(ageText(readAt, at(185)), 'read 3 h ago');
    assert.equal(modelLabel({ kind: 'embedded' }, at(0)), 'embedded lab cluster');
  });

  it('the panel shows the model line and the overridden NADs, and folds the other model notes; all escaped', () => {
    const body = renderPreviewBody({
      subject: 'pod default/samplepod',
      pods: [],
      model: modelLabel(live, at(2)),
      overriddenNads: ['default/<m>'],
      modelNotes: [
        'Cluster model: live context "lab"',
        "NAD default/<m>: the workspace's copy overrides the cluster's.",
      ],
    });
    assert.match(body, /<p class="model">Cluster model: live: lab, read 2 min ago<\/p>/);
    assert.match(
      body,
      /<p class="model-override">The workspace's default\/&#60;m&#62; override the cluster's NADs of the same namespace\/name\.<\/p>/,
    );
    assert.match(
      body,
      /<details class="model-notes"><summary>2 note\(s\) on the cluster model<\/summary><ul><li>Cluster model: live context &#34;lab&#34;<\/li>/,
    );
  });
});
