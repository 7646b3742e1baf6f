// A lab cluster for the cluster UI suite (runClusterUi.mjs): the real kube-apiserver, controller-manager and
// scheduler of test/kube/harness with two fake-kubelet nodes. Prints "READY <kubeconfig>" once it serves,
// and stops everything on SIGTERM. Bundled by the runner to out/test/e2e-lab/ (three levels below the
// repository, like the harness itself, so the harness finds scripts/provision-apiserver.sh).
import { startControlPlane } from '../../kube/harness/controlPlane';
import { FakeKubelet } from '../../kube/harness/fakeKubelet';

async function main(): Promise<void> {
  const cp = await startControlPlane({ controllers: true });
  const kubelet = new FakeKubelet(cp.admin());
  await kubelet.start();
  const kubeconfig = cp.kubeconfig([{ context: 'lab', user: 'admin-cert-data', namespace: 'default' }], 'lab.yaml');
  const stop = async () => {
    await kubelet.stop();
    await cp.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  console.log(`READY ${kubeconfig}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
