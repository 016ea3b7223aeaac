using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeadMan.Core.Config;

namespace DeadMan.Core.Probing.Http;

/// <summary>
/// <c>url=</c>: a GET of the page from the row's address each round (the URL's name only in Host and SNI), on a
/// new connection unless <c>http-reuse=on</c>, so the RTT (time to the response headers) holds the TCP and TLS
/// handshakes an attendee's browser pays. Up to <see cref="HttpProbeSpec.BodyLimit"/> of the body is read within
/// the same timeout: a page whose body stalls after its headers does not load for anyone either. What went wrong
/// is named: the status and what was expected, the text the body lacks, the certificate's problem, a closed port.
/// </summary>
internal sealed class HttpProbe : IProbe
{
    private readonly int _targetId;
    private readonly HttpProbeSpec _spec;
    private readonly IPAddress _address;
    private readonly SourceBinding? _source;
    private readonly ProbeTiming _timing;
    private readonly TimeProvider _time;
    private readonly IProbeSink _sink;
    private readonly byte[]? _expect;
    private readonly HttpMessageInvoker _http;
    private readonly CancellationTokenSource _disposed = new();

    // The certificate of the latest connection (the callback sets it), and the last one told to the sink. Kept, not
    // taken by the round that saw it: rounds overlap when a handshake is slow, and a round whose handshake failed
    // must still find why, even after an earlier round has ended.
    private TlsCertificate? _presented;
    private TlsCertificate? _told;

    private HttpProbe(int targetId, HttpProbeSpec spec, IPAddress address, X509Certificate2Collection? trust, ProbeTiming timing, TimeProvider time, IProbeSink sink)
    {
        _targetId = targetId;
        _spec = spec;
        _address = address;
        _source = SourceBinding.Parse(spec.Source);
        _timing = timing;
        _time = time;
        _sink = sink;
        _expect = spec.Expect is { } text ? Encoding.UTF8.GetBytes(text) : null;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = spec.Follow,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Zero: a connection goes back to the pool already too old to use, so each round opens its own.
            PooledConnectionLifetime = spec.Reuse ? Timeout.InfiniteTimeSpan : TimeSpan.Zero,
            // No ConnectTimeout of its own: the round's timeout covers the connection too, so a host that drops the
            // SYN is "no reply" like any other silence, not an error from whichever timer fired first.
            ConnectCallback = ConnectAsync,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                // Never fetch a missing intermediate or a CRL from the Internet: the chain is what the server sent.
                CertificateChainPolicy = Policy(trust),
            },
        };
        _http = new HttpMessageInvoker(handler);
    }

    /// <summary>
    /// The probe, or one that fails every round saying why the <c>tls-ca=</c> file cannot be read. The first of the
    /// process warms the stack up first (<see cref="HttpWarmUp"/>).
    /// </summary>
    public static IProbe Create(int targetId, HttpProbeSpec spec, IPAddress address, ProbeTiming timing, TimeProvider time, IProbeSink sink)
    {
        HttpWarmUp.Once(timing, time); // its own probe comes back here, and finds the stack warming already

        X509Certificate2Collection? trust = null;
        if (spec.TrustPath is { } file)
        {
            try
            {
                trust = [];
                trust.ImportFromPemFile(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                return new FailingProbe(targetId, sink, ProbeResult.Failed(ProbeOutcome.Error, $"tls-ca {file}: {e.Message}"));
            }

            if (trust.Count == 0)
            {
                return new FailingProbe(targetId, sink, ProbeResult.Failed(ProbeOutcome.Error, $"tls-ca {file}: no PEM certificate in it"));
            }
        }

        return new HttpProbe(targetId, spec, address, trust, timing, time, sink);
    }

    private static X509ChainPolicy Policy(X509Certificate2Collection? trust)
    {
        var policy = new X509ChainPolicy { RevocationMode = X509RevocationMode.NoCheck, DisableCertificateDownloads = true };
        if (trust is not null)
        {
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(trust);
        }

        return policy;
    }

    public void Send(long round) => _ = FetchAsync(round);

    private async Task FetchAsync(long round)
    {
        ProbeResult result;
        try
        {
            result = await GetAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        // Before the result: the round is judged with the certificate it met (each new connection's is told once).
        if (Volatile.Read(ref _presented) is { } certificate && !ReferenceEquals(Interlocked.Exchange(ref _told, certificate), certificate))
        {
            _sink.Certificate(_targetId, certificate);
        }

        _sink.Report(_targetId, round, result);
    }

    private async Task<ProbeResult> GetAsync()
    {
        using var timeout = new CancellationTokenSource(_timing.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _disposed.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, _spec.Url);
        (request.Version, request.VersionPolicy) = _spec.Version switch
        {
            "1.1" => (HttpVersion.Version11, HttpVersionPolicy.RequestVersionExact),
            // Over plain HTTP this is HTTP/2 with prior knowledge (h2c), as curl --http2-prior-knowledge.
            "2" => (HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact),
            _ when _spec.Tls => (HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower),
            _ => (HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower),
        };
        request.Headers.UserAgent.ParseAdd("deadman");
        long start = _time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_disposed.IsCancellationRequested)
        {
            return new ProbeResult(ProbeOutcome.Timeout, null, null, $"no response in {Took(_timing.Timeout)}");
        }
        catch (HttpRequestException e)
        {
            return Failure(e);
        }

        using (response)
        {
            TimeSpan firstByte = _time.GetElapsedTime(start);
            (int read, bool found, bool stalled) = await ReadBodyAsync(response, linked.Token).ConfigureAwait(false);
            return Judge(response, firstByte, read, found, stalled);
        }
    }

    private ProbeResult Judge(HttpResponseMessage response, TimeSpan firstByte, int read, bool found, bool stalled)
    {
        int status = (int)response.StatusCode;
        string said = $"{status} {response.ReasonPhrase}".TrimEnd();
        if (!_spec.Status.Accepts(status))
        {
            return new ProbeResult(ProbeOutcome.Wrong, firstByte, null, $"HTTP {said}, not {_spec.Status.Text}");
        }

        if (stalled)
        {
            return new ProbeResult(ProbeOutcome.Timeout, null, null, $"HTTP {said} in {Took(firstByte)}, then the body stalled after {Bytes(read)}");
        }

        if (_expect is not null && !found)
        {
            return new ProbeResult(ProbeOutcome.Wrong, firstByte, null,
                                   $"body lacks '{_spec.Expect}'{(read >= HttpProbeSpec.BodyLimit ? $" in its first {Bytes(read)}" : $" ({Bytes(read)})")}");
        }

        string version = response.Version.Major == 2 ? "HTTP/2" : $"HTTP/{response.Version.Major}.{response.Version.Minor}";
        string to = response.Headers.Location is { } location ? $" to {location}" : "";
        return ProbeResult.Reply(ProbeOutcome.Reply, firstByte, $"{version} {said}{to}");
    }

    // Reads the body to its end or the limit, whether or not http-expect='s text came early: a server that sees its
    // page taken whole logs no aborted connection, and a kept connection can serve the next round. A body that stops
    // coming before the timeout is stalled.
    private async Task<(int Read, bool Found, bool Stalled)> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(HttpProbeSpec.BodyLimit);
        int read = 0;
        try
        {
            using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (read < HttpProbeSpec.BodyLimit)
            {
                int got = await body.ReadAsync(buffer.AsMemory(read, HttpProbeSpec.BodyLimit - read), cancellationToken).ConfigureAwait(false);
                if (got == 0)
                {
                    break;
                }

                read += got;
            }

            return (read, _expect is not null && buffer.AsSpan(0, read).IndexOf(_expect) >= 0, false);
        }
        catch (OperationCanceledException) when (!_disposed.IsCancellationRequested)
        {
            return (read, false, true);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The connection broke mid-body: what came is judged; a missing expected text says so.
            return (read, false, false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private ProbeResult Failure(HttpRequestException e)
    {
        if (e.InnerException is AuthenticationException || e.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            // The certificate's own problem when it had one; otherwise the handshake failed for another reason.
            return Volatile.Read(ref _presented) is { Problem: { } problem }
                ? new ProbeResult(ProbeOutcome.Wrong, null, null, problem)
                : new ProbeResult(ProbeOutcome.Wrong, null, null, $"TLS handshake failed: {(e.InnerException ?? e).Message}");
        }

        return (e.InnerException as SocketException)?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => new ProbeResult(ProbeOutcome.Wrong, null, null, $"connection refused: nothing listens on port {_spec.Url.Port}"),
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => ProbeResult.Failed(ProbeOutcome.Unreachable, e.InnerException!.Message.ToLowerInvariant()),
            SocketError.TimedOut => new ProbeResult(ProbeOutcome.Timeout, null, null, "connection timed out"),
            _ when e.InnerException is TimeoutException => new ProbeResult(ProbeOutcome.Timeout, null, null, "connection timed out"),
            _ when e.HttpRequestError == HttpRequestError.ResponseEnded => new ProbeResult(ProbeOutcome.Wrong, null, null, "the server closed the connection without a response"),
            _ when e.HttpRequestError == HttpRequestError.VersionNegotiationError || (e.HttpRequestError == HttpRequestError.HttpProtocolError && _spec.Version == "2") =>
                new ProbeResult(ProbeOutcome.Wrong, null, null, $"HTTP/{_spec.Version} not spoken here: {e.Message}"),
            _ => ProbeResult.Failed(ProbeOutcome.Error, (e.InnerException ?? e).Message),
        };
    }

    // The row's address for the URL's own name; a redirect elsewhere (http-follow=on) goes where its name resolves.
    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        bool ours = string.Equals(context.DnsEndPoint.Host, _spec.Url.IdnHost, StringComparison.OrdinalIgnoreCase);
        var socket = ours ? new Socket(_address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) : new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.NoDelay = true;
            _source?.Apply(socket);
            await socket.ConnectAsync(ours ? new IPEndPoint(_address, context.DnsEndPoint.Port) : context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is not X509Certificate2 presented)
        {
            return !_spec.Verify;
        }

        TlsCertificate read = CertificateCheck.Read(presented, chain, errors, _spec.Url.IdnHost, _spec.Verify, _time.GetUtcNow());
        Volatile.Write(ref _presented, read);
        return !_spec.Verify || read.Problem is null;
    }

    // "3 ms", "300 ms", "2s": a page's times are mostly under a second, which DurationText.Compact would call 0s.
    private static string Took(TimeSpan time) =>
        time < TimeSpan.FromSeconds(1) ? $"{time.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} ms" : Text.DurationText.Compact(time);

    private static string Bytes(int count) => count >= 1024 && count % 1024 == 0 ? $"{count / 1024} KiB" : $"{count} B";

    public void Dispose()
    {
        _disposed.Cancel();
        _http.Dispose();
        _disposed.Dispose();
    }
}
