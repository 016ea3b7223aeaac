using DeadMan.Fuzz;

if (args.Length < 1 || !FuzzTargets.All.TryGetValue(args[0], out FuzzTarget? target))
{
    Console.Error.WriteLine($"usage: DeadMan.Fuzz TARGET [INPUT]   (targets: {string.Join(", ", FuzzTargets.All.Keys)})");
    return 2;
}

// Under libFuzzer (scripts/fuzz) inputs come through shared memory; with a file argument, that one input runs.
if (args.Length > 1)
{
    target(File.ReadAllBytes(args[1]));
    return 0;
}

SharpFuzz.Fuzzer.LibFuzzer.Run(span => target(span));
return 0;
