using System.CommandLine;
using DeadMan.Core.Config;
using DeadMan.Core.Export;
using DeadMan.Core.Settings;

namespace DeadMan.Cli;

/// <summary>The whole program behind <c>Main</c>, with its streams passed in so tests can run it without a process.</summary>
internal static class DeadmanApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Stream jsonOutput)
    {
        var command = new DeadmanCommand();
        command.Root.SetAction((result, cancellationToken) =>
        {
            (string? hosts, string? given) = command.Files(result);
            // Without a host file (--from), deadman.toml is looked for in the working directory.
            string beside = hosts ?? Path.Combine(Environment.CurrentDirectory, "deadman.conf");
            DeadmanSettings? settings = SettingsLoader.Load(SettingsFile.Locate(given, beside, Environment.GetEnvironmentVariable), result.GetValue<bool>("--json"), error, jsonOutput);
            if (settings is not null && command.Remote(result, settings) is { } remote)
            {
                return new RemoteRun(remote, output, error, jsonOutput).RunAsync(cancellationToken);
            }

            return settings is null
                ? Task.FromResult(ExitCodes.BadUsage)
                : RunAsync(command.ToOptions(result, settings), output, error, jsonOutput, cancellationToken);
        });
        ParseResult parse = command.Root.Parse(args);
        return parse.Errors.Count > 0
            ? Refused(parse, error)
            : await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
    }

    // System.CommandLine's own error action exits 1; deadman's contract says usage errors exit 2.
    private static int Refused(ParseResult parse, TextWriter error)
    {
        foreach (var problem in parse.Errors)
        {
            error.WriteLine($"deadman: {problem.Message}");
        }

        error.WriteLine("Try 'deadman --help' for more information.");
        return ExitCodes.BadUsage;
    }

    private static async Task<int> RunAsync(RunOptions options, TextWriter output, TextWriter error, Stream jsonOutput, CancellationToken cancellationToken)
    {
        ConfigResult? config = ConfigLoader.Load(options, error, jsonOutput);
        if (config is null)
        {
            return ExitCodes.BadUsage;
        }

        if (!options.Check)
        {
            return await new MonitorRun(options, config, output, error, jsonOutput).RunAsync(cancellationToken).ConfigureAwait(false);
        }

        if (options.Json)
        {
            CheckReport.WriteJson(config, options.Settings, jsonOutput);
        }
        else
        {
            CheckReport.WriteText(config, options.Settings, output);
        }

        return ExitCodes.Ok;
    }
}
