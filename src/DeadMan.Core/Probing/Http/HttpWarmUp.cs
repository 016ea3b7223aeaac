using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DeadMan.Core.Config;

namespace DeadMan.Core.Probing.Http;

/// <summary>
/// Before the first url= probe of the process, one fetch over TLS from a server of our own on loopback (a throwaway
/// certificate, an empty page): the first fetch of a run otherwise pays for loading the TLS library and setting up
/// the HTTP stack inside its RTT (measured with the native binary: about 130 ms against 4 ms after, on loopback),
/// and that one figure skews AVG and jitter for long. Nothing leaves the machine.
/// </summary>
internal static class HttpWarmUp
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(1);
    private static int s_warm;

    public static void Once(ProbeTiming timing, TimeProvider time)
    {
        if (Interlocked.Exchange(ref s_warm, 1) != 0)
        {
            return;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        try
        {
            listener.Start();
        }
        catch (SocketException)
        {
            return; // no loopback here (a namespace with lo down): the first fetch pays for itself, nothing more
        }

        using var stop = new CancellationTokenSource(s_limit);
        Task serving = ServeOnceAsync(listener, stop.Token);
        var spec = new HttpProbeSpec(new Uri($"https://localhost:{((IPEndPoint)listener.LocalEndpoint).Port}/"), HttpStatusRange.Default, null,
                                     Follow: false, Reuse: false, Verify: false, TrustFile: null, Version: null, Source: null);
        using var answered = new ManualResetEventSlim();
        using (IProbe probe = HttpProbe.Create(-1, spec, IPAddress.Loopback, timing with { Timeout = s_limit }, time, new WarmUpSink(answered)))
        {
            probe.Send(0);
            answered.Wait(s_limit);
        }

        stop.Cancel();
        try
        {
            serving.Wait(s_limit);
        }
        catch (AggregateException)
        {
            // It was only a warm-up: a server that gave up says nothing about anything probed.
        }
    }

    private static async Task ServeOnceAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        using Socket socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
        using var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(5));
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, cancellationToken).ConfigureAwait(false);
        // The request's headers end with an empty line; the answer is an empty page.
        byte[] buffer = new byte[4096];
        int read = 0;
        while (read < buffer.Length && buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) < 0)
        {
            int got = await tls.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (got == 0)
            {
                return;
            }

            read += got;
        }

        await tls.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), cancellationToken).ConfigureAwait(false);
    }
}
