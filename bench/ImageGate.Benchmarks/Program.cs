using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/ImageGate.Benchmarks -- --filter '*ListVerification*' --job short
BenchmarkSwitcher.FromAssembly(typeof(ImageGate.Benchmarks.RepositoryPaths).Assembly).Run(args);
