namespace DeadMan.Core.Web;

/// <summary>One serialised state, with the snapshot version it shows.</summary>
public sealed record StateMessage(long Version, byte[] Json, long MadeAt);
