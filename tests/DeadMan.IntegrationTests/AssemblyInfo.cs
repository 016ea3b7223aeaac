// Delay and loss measurements share two cores: run one test at a time so they measure the network, not each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
