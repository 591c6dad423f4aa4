import Engine
import ProbeHoundCore
import Reporting

/// `--emit observations`: each observation as a JSON line (`ObservationJSON`) to the output.
final class ObservationLines: ObservationSink {
    private let output: FileOutput

    init(_ output: FileOutput) {
        self.output = output
    }

    func take(_ observation: Observation, bytes: Span<UInt8>, inputName: String, originUnit: String) {
        output.line(ObservationJSON.line(observation, bytes: bytes, inputName: inputName, originUnit: originUnit))
    }
}
