namespace DeadMan.Core.Settings;

/// <summary>A user and password for HTTP basic authentication.</summary>
public sealed record BasicLogin(string User, Config.Secret Password);
