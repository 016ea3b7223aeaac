// Delay and loss measurements share two cores: run one test at a time so they measure the network, not each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Namespaces, veth and nftables are Linux's.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
