namespace DeadMan.Core.Probing;

/// <summary>Where probes report. Implementations must be cheap and thread-safe: probes call it from the engine's loop and from their own tasks.</summary>
public interface IProbeSink
{
    /// <summary>How a round ended; exactly once per round sent.</summary>
    void Report(int targetId, long round, ProbeResult result);

    /// <summary>
    /// Before a round ends, what confirmation echoes said of it: silent (none answered; its reply is overdue) or
    /// <paramref name="answers"/> (the host is alive, whatever becomes of the round's own echo). At most one of each
    /// per round, silent first; <see cref="Report"/> still follows. Only the ICMP engine says it; others need not listen.
    /// </summary>
    void Verdict(int targetId, long round, bool answers)
    {
    }

    /// <summary>
    /// A pmtu=on target's path MTU, found by a search (IP packet bytes that pass whole), or null with
    /// <paramref name="unknownBecause"/> when the search found none. Only the ICMP engine says it.
    /// </summary>
    void PathMtu(int targetId, int? bytes, string? unknownBecause)
    {
    }

    /// <summary>
    /// The certificate an https target presented on a new connection, said before the round's <see cref="Report"/>
    /// (which judges the host by it). Only the HTTP probe says it.
    /// </summary>
    void Certificate(int targetId, TlsCertificate certificate)
    {
    }

    /// <summary>
    /// A trace of the path to a target after one of its passes (<see cref="Trace.PathTrace.Final"/> after its last).
    /// Only tracers say it, on the engine's loop.
    /// </summary>
    void Traced(int targetId, Trace.PathTrace trace)
    {
    }
}
