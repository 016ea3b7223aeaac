using System.Net;

namespace DeadMan.Core.Probing.Relay;

/// <summary>A target pinged by a RouterOS router through its REST API, one request per round.</summary>
internal sealed class RouterOsProbe(int targetId, IPAddress address, RouterOsClient router, IProbeSink sink) : IProbe
{
    private readonly CancellationTokenSource _disposed = new();

    public void Send(long round) => _ = PingAsync(round);

    private async Task PingAsync(long round)
    {
        try
        {
            ProbeResult result = await router.PingAsync(address, _disposed.Token).ConfigureAwait(false);
            sink.Report(targetId, round, result);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed (reload or exit): nobody waits for this round any more.
        }
#pragma warning disable CA1031 // Nobody awaits this task: whatever else goes wrong must end the round, not leave it waiting.
        catch (Exception e)
#pragma warning restore CA1031
        {
            sink.Report(targetId, round, ProbeResult.Failed(ProbeOutcome.RelayFailed, $"relay: {e.Message}"));
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
