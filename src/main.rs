fn main() {
    std::process::exit(feedcard::run_command_line());
}
