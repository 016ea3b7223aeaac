namespace DeadMan.Cli;

/// <summary>Something for the operator to read: the full screen's status line, or a line of the live log.</summary>
/// <param name="Alert">Trouble: red on the screen, standard error in the log.</param>
/// <param name="Lasting">How long the status line keeps it; null until something else is said.</param>
internal delegate void Say(string? Message, bool Alert, TimeSpan? Lasting = null);
