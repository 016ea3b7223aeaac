using System.CommandLine;
using DeadMan;
using DeadMan.Cli;
using DeadMan.Core.Config;
using DeadMan.Core.Export;

var command = new DeadmanCommand();
command.Root.SetAction(async (result, cancellationToken) =>
{
    RunOptions options = command.ToOptions(result);
    using Stream stdout = Console.OpenStandardOutput();
    ConfigResult? config = ConfigLoader.Load(options, Console.Error, stdout);
    if (config is null)
    {
        return ExitCodes.BadUsage;
    }

    if (options.Check)
    {
        if (options.Json)
        {
            CheckReport.WriteJson(config, stdout);
        }
        else
        {
            CheckReport.WriteText(config, Console.Out);
        }

        return ExitCodes.Ok;
    }

    return await new MonitorRun(options, config, Console.Out, Console.Error, stdout).RunAsync(cancellationToken);
});
ParseResult parse = command.Root.Parse(args);
if (parse.Errors.Count > 0)
{
    // System.CommandLine's own error action exits 1; deadman's contract says usage errors exit 2.
    foreach (var problem in parse.Errors)
    {
        Console.Error.WriteLine($"deadman: {problem.Message}");
    }

    Console.Error.WriteLine("Try 'deadman --help' for more information.");
    return ExitCodes.BadUsage;
}

return await parse.InvokeAsync();
