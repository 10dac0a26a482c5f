using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project bench/ImageGate.Benchmarks -- --filter '*ListVerification*' --job short
// --inProcess runs in this process with a one-hour limit per benchmark (BenchmarkDotNet's own is 5 minutes, too short
// for the recheck and site-sync setups on a busy machine).
var inProcess = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase);
var config = inProcess
    ? DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(1), logOutput: true)).AsMutator())
    : null;
BenchmarkSwitcher.FromAssembly(typeof(ImageGate.Benchmarks.RepositoryPaths).Assembly)
    .Run(inProcess ? args.Where(a => !a.Equals("--inProcess", StringComparison.OrdinalIgnoreCase)).ToArray() : args, config);
