namespace DeadMan.Core.Remote;

/// <summary>Prometheus could not be asked, or said no: what the status line shows.</summary>
public sealed class RemoteException(string message) : Exception(message);
