using DeadMan.Cli;

using Stream stdout = Console.OpenStandardOutput();
return await DeadmanApp.RunAsync(args, Console.Out, Console.Error, stdout);
