namespace DeadMan.Core.Web;

internal sealed record WebAsset(string ContentType, byte[] Content);
