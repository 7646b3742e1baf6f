// Version pins of everything `multus-nad deploy` installs. Bump them together with a test run against a
// real API server (test/kube) and a note in the README's Cluster section.

/** Multus release (k8snetworkplumbingwg/multus-cni tag v4.3.0, 2026-05-29). */
export const MULTUS_VERSION = 'v4.3.0';
/** Where upstream's release workflow pushes the images (.github/workflows/image-push-release.yml). */
export const MULTUS_IMAGE_REPOSITORY = 'ghcr.io/k8snetworkplumbingwg/multus-cni';

/** flannel release (flannel-io/flannel tag v0.28.9) and the CNI plugin image its kube-flannel.yml pairs with it. */
export const FLANNEL_VERSION = 'v0.28.9';
export const FLANNEL_IMAGE = `ghcr.io/flannel-io/flannel:${FLANNEL_VERSION}`;
export const FLANNEL_CNI_PLUGIN_IMAGE = 'ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3';
