fn main() {
    std::process::exit(feedcard::app::main());
}
