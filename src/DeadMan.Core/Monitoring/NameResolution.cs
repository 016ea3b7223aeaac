namespace DeadMan.Core.Monitoring;

/// <summary>
/// Looks host names up off the engine loop, never blocking other targets, and posts what it found to the loop and
/// nothing else: an address, or why there is none yet (then tried again with backoff, up to a minute apart). The loop
/// makes the probe when the address arrives. A literal address needs none of this, the loop probes it at once, unless
/// its zone names an interface that is not there yet (fe80::1%usb0): then it is tried here again like a name.
/// </summary>
internal sealed class NameResolution(AddressResolver resolver, TimeProvider time, Action<int, AddressNews> post)
{
    private static readonly TimeSpan s_maxRetry = TimeSpan.FromSeconds(60);

    /// <summary>Until an address is found, the target is removed (<see cref="MonitoredTarget.Resolving"/>) or the engine stops.</summary>
    public void Start(MonitoredTarget target, CancellationToken running) =>
        // The id and spec are taken here: the lookup runs off the loop and must not read the target's state there.
        _ = ResolveAsync(target.State.Id, target.State.Spec.Address, target.Resolving!.Token, running);

    private async Task ResolveAsync(int id, Config.TargetAddress address, CancellationToken removed, CancellationToken running)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(running, removed);
        CancellationToken cancellationToken = lifetime.Token;
        TimeSpan retry = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                post(id, new AddressNews(await resolver.ResolveAsync(address, cancellationToken).ConfigureAwait(false), null));
                return;
            }
            catch (AddressResolutionException e)
            {
                post(id, new AddressNews(null, e.Message));
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (!await WaitAsync(retry, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, s_maxRetry.Ticks));
        }
    }

    // False when cancelled meanwhile.
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
