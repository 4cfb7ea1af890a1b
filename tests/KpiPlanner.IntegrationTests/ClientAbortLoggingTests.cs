using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using KpiPlanner.Infrastructure.Demo;
using KpiPlanner.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serilog.Core;
using Serilog.Events;

namespace KpiPlanner.IntegrationTests;

/// <summary>
/// Issue 13: a client that leaves mid-request is not a server error. Its query is cancelled (PostgreSQL's 57014, as
/// Npgsql's <see cref="OperationCanceledException"/>), and the app logs one Debug line without a stack trace and a
/// request line "responded 499" at Information — no Error, no exception in any event. A statement that PostgreSQL
/// cancels on its own (a statement timeout, the same 57014) while the client is still waiting stays an error: 500 and
/// an Error event carrying the exception. The query is held mid-flight by a lock on the table it reads, so the cancel
/// lands inside the query; every wait is bounded. Over a real socket (Kestrel on loopback), a client that disconnects
/// during a facts import stops the import's statement, nothing of it is written, and the server is done at once.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class ClientAbortLoggingTests(KpiAppFactory app) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every event a host writes, whatever its level passes the host's configuration.</summary>
    private sealed class CapturedLog : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> events = new();

        public IReadOnlyList<LogEvent> Events => [.. events];

        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);

        public IEnumerable<LogEvent> RequestsTo(string path) => Events.Where(e =>
            e.Properties.TryGetValue("RequestPath", out var p) && p is ScalarValue { Value: string s } && s == path
            && e.Properties.ContainsKey("StatusCode"));

        public string Dump() => string.Join(Environment.NewLine, Events.Select(e => $"{e.Level} {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {e.Exception?.GetType().Name}"));
    }

    /// <summary>A second app on the same database whose log the test reads (this class's Debug line included).</summary>
    private WebApplicationFactory<Program> Host(CapturedLog log, int? statementTimeoutMs = null) => app.WithWebHostBuilder(b =>
    {
        b.UseSetting("Serilog:MinimumLevel:Override:KpiPlanner.Web.Hosting.ClientAborts", "Debug");
        if (statementTimeoutMs is { } ms)
        {
            b.UseSetting("ConnectionStrings:Kpi", new NpgsqlConnectionStringBuilder(app.ConnectionString) { Options = $"-c statement_timeout={ms}" }.ConnectionString);
        }

        b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(log));
    });

    private static async Task<HttpClient> HrAsync(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        var token = await client.AccessTokenAsync(DemoData.HrEmail, DemoData.Password);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Holds <c>audit_log</c> locked (as its owner) until disposed: a query on it waits inside PostgreSQL.</summary>
    private Task<NpgsqlConnection> LockAuditLogAsync() => LockAsync("audit_log");

    /// <summary>Holds a table locked (as its owner) until disposed: a statement on it waits inside PostgreSQL.</summary>
    private async Task<NpgsqlConnection> LockAsync(string table)
    {
        // Not pooled: closing it ends the server session, and with it the transaction and the lock.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(app.OwnerConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using (var begin = new NpgsqlCommand($"BEGIN; LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE", connection))
        {
            await begin.ExecuteNonQueryAsync();
        }

        return connection;
    }

    private Task<long> WaitersOnAuditLogAsync() => WaitersOnAsync("audit_log");

    /// <summary>How many sessions wait for a lock on the table.</summary>
    private async Task<long> WaitersOnAsync(string table)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE relation = @table::regclass AND NOT granted", connection);
        command.Parameters.AddWithValue("table", table);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Bound, $"not within {Bound.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_client_that_leaves_mid_query_is_a_499_and_a_debug_line_not_an_error_with_a_stack_trace()
    {
        var log = new CapturedLog();
        await using var host = Host(log);
        var hr = await HrAsync(host);

        using var cancel = new CancellationTokenSource();
        var before = log.Events.Count; // what the host logged from here on: this request only
        Task<HttpResponseMessage> request;
        await using (var holder = await LockAuditLogAsync())
        {
            request = hr.GetAsync("/api/audit", cancel.Token);
            await WaitUntilAsync(async () => await WaitersOnAuditLogAsync() > 0, "the audit query waits on the lock");

            await cancel.CancelAsync(); // the client leaves while its query runs
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
            await WaitUntilAsync(() => Task.FromResult(log.RequestsTo("/api/audit").Any()), "the request is logged as finished");
            Assert.Equal(0, await WaitersOnAuditLogAsync()); // PostgreSQL cancelled the statement; the lock is still held
        }

        var finished = Assert.Single(log.RequestsTo("/api/audit"));
        Assert.True(finished.Level == LogEventLevel.Information, log.Dump());
        Assert.Equal(Microsoft.AspNetCore.Http.StatusCodes.Status499ClientClosedRequest, ((ScalarValue)finished.Properties["StatusCode"]).Value);
        Assert.Null(finished.Exception);

        var left = Assert.Single(log.Events, e => e.Properties.TryGetValue("SourceContext", out var c) && c.ToString().Contains("ClientAborts", StringComparison.Ordinal));
        Assert.Equal(LogEventLevel.Debug, left.Level);
        Assert.Null(left.Exception); // no stack trace
        Assert.DoesNotContain('\n', left.RenderMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("/api/audit", left.RenderMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        Assert.True(log.Events.Skip(before).All(e => e.Level < LogEventLevel.Warning && e.Exception is null), log.Dump());
    }

    [Fact]
    public async Task A_statement_timeout_while_the_client_waits_is_still_a_500_and_an_error_with_its_exception()
    {
        var log = new CapturedLog();
        await using var host = Host(log, statementTimeoutMs: 1500);
        var hr = await HrAsync(host);

        HttpResponseMessage response;
        await using (var holder = await LockAuditLogAsync())
        {
            using var bound = new CancellationTokenSource(Bound);
            response = await hr.GetAsync("/api/audit", bound.Token); // PostgreSQL cancels the waiting statement after 1.5 s
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("internal_error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var finished = Assert.Single(log.RequestsTo("/api/audit"));
        Assert.Equal(LogEventLevel.Error, finished.Level);
        var timeout = Assert.IsType<PostgresException>(Innermost<PostgresException>(finished.Exception));
        Assert.Equal(PostgresErrorCodes.QueryCanceled, timeout.SqlState); // 57014, as a cancelled client's query
        Assert.DoesNotContain(log.Events, e => e.Properties.TryGetValue("SourceContext", out var c) && c.ToString().Contains("ClientAborts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_disconnects_during_an_import_stops_it_over_a_real_socket_and_nothing_is_written()
    {
        // Kestrel on loopback: the client closes its connection, as a browser or a script that gives up does.
        var log = new CapturedLog();
        await using var host = Host(log);
        using var hr = new HttpClient { BaseAddress = StartKestrel(host) };
        var token = await hr.AccessTokenAsync(DemoData.HrEmail, DemoData.Password);
        hr.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var month = KpiPlanner.Domain.Planning.Period.Key(TestClock.ThisMonth);
        var text = new System.Text.StringBuilder("Табельный номер;Показатель;Факт\n");
        for (var i = 1; i <= 13; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"01{i:00};{DemoData.SalesKpi};{300_000 + i}\n");
        }

        var before = await app.DatabaseFingerprintAsync();
        var logged = log.Events.Count;
        using var cancel = new CancellationTokenSource();
        var gone = Stopwatch.StartNew();
        await using (var holder = await LockAsync("monthly_kpi_values"))
        {
            using var content = new MultipartFormDataContent { { new ByteArrayContent(FactsTestSupport.Csv(text.ToString())), "file", "facts.csv" } };
            var request = hr.PostAsync($"/api/periods/{month}/import?confirmMonth={month}", content, cancel.Token);
            await WaitUntilAsync(async () => await WaitersOnAsync("monthly_kpi_values") > 0, "the import waits on the month's values");

            await cancel.CancelAsync(); // the client leaves: its connection is closed
            gone.Restart();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
            await WaitUntilAsync(() => Task.FromResult(log.RequestsTo($"/api/periods/{month}/import").Any()), "the import is logged as finished");
            gone.Stop();
            Assert.Equal(0, await WaitersOnAsync("monthly_kpi_values")); // its statement was cancelled while the lock is still held
        }

        Assert.True(gone.Elapsed < TimeSpan.FromSeconds(10), $"the server went on for {gone.Elapsed} after the client left");
        Assert.Equal(before, await app.DatabaseFingerprintAsync()); // nothing of the import, not even after the lock is gone
        var finished = Assert.Single(log.RequestsTo($"/api/periods/{month}/import"));
        Assert.Equal(Microsoft.AspNetCore.Http.StatusCodes.Status499ClientClosedRequest, ((ScalarValue)finished.Properties["StatusCode"]).Value);
        Assert.True(log.Events.Skip(logged).All(e => e.Level < LogEventLevel.Warning && e.Exception is null), log.Dump());
    }

    [Theory]
    [InlineData("import")]
    [InlineData("facts")]
    public async Task A_client_that_disconnects_half_way_through_its_upload_leaves_nothing_and_no_error(string what)
    {
        var log = new CapturedLog();
        await using var host = Host(log);
        var address = StartKestrel(host);
        string token;
        using (var client = new HttpClient { BaseAddress = address })
        {
            token = await client.AccessTokenAsync(DemoData.HrEmail, DemoData.Password);
        }

        var month = KpiPlanner.Domain.Planning.Period.Key(TestClock.ThisMonth);
        var before = await app.DatabaseFingerprintAsync();
        var logged = log.Events.Count;
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            // The headers promise a megabyte; a few rows of it come, then the connection is closed.
            await tcp.ConnectAsync(address.Host, address.Port);
            var stream = tcp.GetStream();
            var head = what == "import"
                ? $"POST /api/periods/{month}/import?confirmMonth={month} HTTP/1.1\r\nHost: {address.Authority}\r\n"
                    + $"Authorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n"
                    + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"facts.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                    + $"Табельный номер;Показатель;Факт\n0101;{DemoData.SalesKpi};1\n0102;{DemoData.SalesKpi};2\n"
                : $"PUT /api/periods/{month}/facts HTTP/1.1\r\nHost: {address.Authority}\r\n"
                    + $"Authorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n"
                    + "{\"facts\":[{\"employee\":1,\"kpi\":\"" + DemoData.SalesKpi + "\",\"value\":1},";
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(head));
            await stream.FlushAsync();
            await Task.Delay(300); // whether the endpoint is already reading or not: the body ends early either way
        }

        var path = what == "import" ? $"/api/periods/{month}/import" : $"/api/periods/{month}/facts";
        await WaitUntilAsync(() => Task.FromResult(log.RequestsTo(path).Any()), "the upload is logged as finished");
        Assert.Equal(before, await app.DatabaseFingerprintAsync());
        var finished = Assert.Single(log.RequestsTo(path));
        Assert.True(log.Events.Skip(logged).All(e => e.Level < LogEventLevel.Warning && e.Exception is null), log.Dump());
        // 499 when Kestrel has marked the request aborted by the time the short body is found out; else the body's own
        // 400 (Kestrel reports the early end and the closed connection separately). Never a 5xx, never logged as one.
        Assert.Contains(((ScalarValue)finished.Properties["StatusCode"]).Value, new object[] { 400, 499 });
    }

    /// <summary>Serves the host on a loopback port (Kestrel) and returns its address.</summary>
    private static Uri StartKestrel(WebApplicationFactory<Program> host)
    {
        host.UseKestrel(0);
        host.StartServer();
        return new Uri(host.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
    }

    private static T? Innermost<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
