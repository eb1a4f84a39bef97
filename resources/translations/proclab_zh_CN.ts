<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en_US">
<context>
    <name>ProcLab</name>
    <message>
        <location filename="../../engine/lab/lessons.py" line="16"/>
        <source>Sleeping workers run side by side: each bar ends after its own interval, so they end in the order of their intervals, not the order they were started.</source>
        <translation>休眠的工作进程并排运行：每条横条在各自的时长之后结束，所以它们按时长的顺序结束，而不是按启动的顺序。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="18"/>
        <source>CPU-bound workers each need a core: as processes they run in parallel on up to cpu_count() cores, while as threads they would share one GIL (try Compare threads vs processes).</source>
        <translation>CPU 密集型工作进程各需一个核心：作为进程，它们最多在 cpu_count() 个核心上并行运行；而作为线程，它们只能共享一个 GIL（试试“比较线程与进程”）。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="20"/>
        <source>Lock workers take turns: only one holds the shared multiprocessing.Lock at a time, and the others wait in lock.acquire() (yellow bands) until the holder (black band) releases it.</source>
        <translation>锁工作进程轮流执行：同一时刻只有一个进程持有共享的 multiprocessing.Lock，其他进程在 lock.acquire() 中等待（黄色带），直到持有者（黑色带）将它释放。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="22"/>
        <source>Messages workers send over a multiprocessing.Pipe; each mark is one Connection.send(), and the ping/pong shows how long a round trip to the window takes.</source>
        <translation>消息工作进程通过 multiprocessing.Pipe 发送消息；每个标记是一次 Connection.send()，ping/pong 显示到窗口往返一次需要多长时间。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="24"/>
        <source>Crash workers fail on purpose: each process has its own memory, so the others keep running and only the crashed row shows its exit code.</source>
        <translation>崩溃工作进程会故意失败：每个进程都有自己的内存，所以其他进程继续运行，只有崩溃的那一行显示它的退出码。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="26"/>
        <source>Stubborn workers ignore SIGTERM: terminate() asks a process to end, and this one says no; kill() sends SIGKILL, which no process can refuse. Closing ProcLab terminates, waits, then kills.</source>
        <translation>顽固工作进程忽略 SIGTERM：terminate() 是请求进程结束，而它拒绝了；kill() 发送 SIGKILL，任何进程都无法拒绝。关闭 ProcLab 时会先 terminate，等待，然后 kill。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="34"/>
        <source>stubborn workers ignore terminate() and need kill()</source>
        <translation>stubborn 工作进程忽略 terminate()，需要 kill()</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="35"/>
        <source>sleep workers end in the order of their intervals</source>
        <translation>sleep 工作进程按时长的顺序结束</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="36"/>
        <source>cpu workers each keep a core busy</source>
        <translation>cpu 工作进程各占满一个核心</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="37"/>
        <source>lock workers take turns on the one Lock (yellow: waiting, black: holding)</source>
        <translation>lock 工作进程轮流使用同一把锁（黄色：等待，黑色：持有）</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="38"/>
        <source>messages workers leave a mark per Connection.send()</source>
        <translation>messages 工作进程每次 Connection.send() 都留下一个标记</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="39"/>
        <source>crash workers fail alone while the others run on</source>
        <translation>crash 工作进程独自失败，其他进程继续运行</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="42"/>
        <source>Add workers (or pick a preset), then Start: each becomes a multiprocessing.Process.</source>
        <translation>添加工作进程（或选择一个预设），然后点击“启动”：每个工作进程都会成为一个 multiprocessing.Process。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="44"/>
        <source>{count} worker; Start makes it a Process with the {start_method} start method, and the gap between start() called and the run begun is its cost.</source>
        <translation>{count} 个工作进程；按“启动”后它以 {start_method} 启动方式成为一个进程，从调用 start() 到开始运行之间的间隔就是启动开销。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="46"/>
        <source>{count} workers; Start makes each a Process with the {start_method} start method, and the gap between start() called and the run begun is its cost.</source>
        <translation>{count} 个工作进程；按“启动”后每个都以 {start_method} 启动方式成为一个进程，从调用 start() 到开始运行之间的间隔就是启动开销。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="49"/>
        <source>On the cluster, each worker is placed on a Dask worker in turn and started there as a Process of its own by ProcLab&apos;s engine; its times are corrected by that machine&apos;s clock offset, and the shared Lock is a distributed.Lock.</source>
        <translation>在集群上，每个工作进程依次被分配到一个 Dask 工作节点，并由 ProcLab 的引擎在那里作为独立的 Process 启动；它的时间按那台机器的时钟偏差校正，共享的 Lock 是一个 distributed.Lock。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="52"/>
        <source>A mixed experiment: {clauses}. Hover a row for what happened to it.</source>
        <translation>混合实验：{clauses}。将鼠标悬停在某一行上可查看它的经过。</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="54"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../engine/lab/lessons.py" line="55"/>
        <source>{text} {sentence}</source>
        <translation>{text}{sentence}</translation>
    </message>
    <message>
        <location filename="../../engine/lab/presets.py" line="49"/>
        <source>worker1, worker2, worker3 sleeping 2, 3 and 4 seconds</source>
        <translation>worker1、worker2、worker3 分别休眠 2、3 和 4 秒</translation>
    </message>
    <message>
        <location filename="../../engine/lab/presets.py" line="50"/>
        <source>three lock workers take turns holding one multiprocessing.Lock for 1 s each</source>
        <translation>三个 lock 工作进程轮流持有同一个 multiprocessing.Lock，每次 1 秒</translation>
    </message>
    <message>
        <location filename="../../engine/lab/presets.py" line="51"/>
        <source>two workers send 20 and 5 messages over their Pipes, then time a ping/pong</source>
        <translation>两个工作进程分别通过各自的管道发送 20 条和 5 条消息，然后测量一次 ping/pong 往返</translation>
    </message>
    <message>
        <location filename="../../engine/lab/presets.py" line="52"/>
        <source>one worker sleeps 3 s while five others crash in each way there is</source>
        <translation>一个工作进程休眠 3 秒，另外五个以所有可能的方式崩溃</translation>
    </message>
    <message>
        <location filename="../../engine/lab/presets.py" line="53"/>
        <source>two cpu-bound workers of 1 s each: try Compare threads vs processes</source>
        <translation>两个各 1 秒的 CPU 密集型工作进程：试试“比较线程与进程”</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="18"/>
        <source>not started</source>
        <translation>未启动</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="19"/>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="20"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="21"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="22"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="23"/>
        <source>terminated</source>
        <translation>已终止</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="24"/>
        <source>killed</source>
        <translation>已杀死</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="50"/>
        <source>0 (ok)</source>
        <translation>0（正常）</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="52"/>
        <source>1 (uncaught exception)</source>
        <translation>1（未捕获的异常）</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="54"/>
        <source>{code} (exit status {code})</source>
        <translation>{code}（退出状态 {code}）</translation>
    </message>
    <message>
        <location filename="../../engine/model/exit_codes.py" line="55"/>
        <source>{code} (killed by {signal})</source>
        <translation>{code}（被 {signal} 终止）</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="22"/>
        <source>prints &apos;work NAME start&apos;, sleeps for the interval (time.sleep), prints &apos;work NAME end&apos;</source>
        <translation>打印 &apos;work NAME start&apos;，休眠指定时长（time.sleep），再打印 &apos;work NAME end&apos;</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="23"/>
        <source>pure-Python arithmetic (sums of squares, in a loop) for the interval&apos;s worth of one core&apos;s work, calibrated on this machine; it holds the GIL the whole time</source>
        <translation>纯 Python 算术运算（循环计算平方和），工作量相当于一个核心在该时长内的计算量，按本机校准；全程持有 GIL</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="25"/>
        <source>waits for the shared multiprocessing.Lock, holds it for the interval, releases it</source>
        <translation>等待共享的 multiprocessing.Lock，持有它一段时长，然后释放</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="26"/>
        <source>sends N messages over its Pipe, evenly spread over the interval, then times a ping/pong round trip to ProcLab</source>
        <translation>通过自己的管道发送 N 条消息，均匀分布在时长内，然后测量一次到 ProcLab 的 ping/pong 往返时间</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="28"/>
        <source>after the interval, fails the chosen way; the other workers run on</source>
        <translation>时长结束后以所选方式失败；其他工作进程继续运行</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="29"/>
        <source>ignores SIGTERM (signal.SIG_IGN), then sleeps for the interval: terminate() does nothing, only kill() ends it early</source>
        <translation>忽略 SIGTERM（signal.SIG_IGN），然后休眠指定时长：terminate() 不起作用，只有 kill() 能提前结束它</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="37"/>
        <source>raise an uncaught exception: exit code 1, traceback in the log</source>
        <translation>抛出未捕获的异常：退出码 1，日志中有回溯信息</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="38"/>
        <source>sys.exit(N): exit code N, after Python&apos;s normal clean-up</source>
        <translation>sys.exit(N)：退出码 N，先执行 Python 的正常清理</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="39"/>
        <source>os._exit(N): exit code N at once, no clean-up</source>
        <translation>os._exit(N)：立即以退出码 N 退出，不做清理</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="40"/>
        <source>os.kill(os.getpid(), SIGKILL): exit code -9</source>
        <translation>os.kill(os.getpid(), SIGKILL)：退出码 -9</translation>
    </message>
    <message>
        <location filename="../../engine/model/spec.py" line="41"/>
        <source>read memory address 0 (ctypes): exit code -11 (SIGSEGV)</source>
        <translation>读取内存地址 0（ctypes）：退出码 -11（SIGSEGV）</translation>
    </message>
    <message>
        <location filename="../../engine/run/compare.py" line="54"/>
        <source>threads: {threads:.2f} s · processes: {processes:.2f} s · speedup {speedup:.2f}× · cpu_count() = {cpus}</source>
        <translation>线程：{threads:.2f} 秒 · 进程：{processes:.2f} 秒 · 加速比 {speedup:.2f}× · cpu_count() = {cpus}</translation>
    </message>
    <message>
        <location filename="../../engine/run/compare.py" line="56"/>
        <source>1 worker · start method {method} · the process&apos;s time includes starting it</source>
        <translation>1 个工作进程 · 启动方式 {method} · 进程的耗时包含启动它的时间</translation>
    </message>
    <message>
        <location filename="../../engine/run/compare.py" line="57"/>
        <source>{count} workers · start method {method} · the processes&apos; time includes starting them</source>
        <translation>{count} 个工作进程 · 启动方式 {method} · 进程的耗时包含启动它们的时间</translation>
    </message>
    <message>
        <location filename="../../engine/run/compare.py" line="58"/>
        <source>cpu work holds the GIL: threads take turns on one core, processes each get one (at best about {best}× faster here)</source>
        <translation>CPU 计算持有 GIL：线程轮流使用一个核心，进程各用一个核心（在本机最多约快 {best}×）</translation>
    </message>
    <message>
        <location filename="../../engine/run/compare.py" line="60"/>
        <source>sleeping releases the GIL: threads wait side by side as well as processes do</source>
        <translation>休眠会释放 GIL：线程和进程一样可以并排等待</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/about_dialog.py" line="38"/>
        <source>About ProcLab</source>
        <translation>关于 ProcLab</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/about_dialog.py" line="40"/>
        <source>See how Python multiprocessing really runs: real processes, their events over Pipes, Locks, crashes and start methods, live on a timeline.</source>
        <translation>看看 Python multiprocessing 实际上如何运行：真实的进程、它们通过管道传来的事件、锁、崩溃和启动方式，全部实时显示在时间线上。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/about_dialog.py" line="47"/>
        <source>Select and copy these when you report a problem</source>
        <translation>报告问题时，请选中并复制这些信息</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/about_dialog.py" line="53"/>
        <location filename="../../gui/dialogs/code_dialog.py" line="73"/>
        <location filename="../../gui/dialogs/guide_dialog.py" line="66"/>
        <source>Close this window (Esc)</source>
        <translation>关闭此窗口（Esc）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/background_task.py" line="48"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="40"/>
        <source>Show code: the experiment as a plain multiprocessing script</source>
        <translation>显示代码：用普通 multiprocessing 脚本表示的实验</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="45"/>
        <source>A standalone Python 3 script, standard library only, that runs this experiment with plain multiprocessing. Save it and run it with &lt;code&gt;python3 {file}&lt;/code&gt;.</source>
        <translation>一个只用标准库的独立 Python 3 脚本，用普通的 multiprocessing 运行此实验。保存后用 &lt;code&gt;python3 {file}&lt;/code&gt; 运行它。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="59"/>
        <source>The script (read-only): select text to copy a part of it</source>
        <translation>脚本（只读）：选中文本即可复制其中一部分</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="70"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="70"/>
        <source>Copy the whole script to the clipboard</source>
        <translation>将整个脚本复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="71"/>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="72"/>
        <source>Save the script as a .py file (written in full or not at all)</source>
        <translation>将脚本保存为 .py 文件（要么完整写入，要么完全不写）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="73"/>
        <location filename="../../gui/script/script_pane.py" line="64"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="104"/>
        <source>Copied the script to the clipboard.</source>
        <translation>已将脚本复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="113"/>
        <source>Cannot save {path}: {reason}. Nothing was written.</source>
        <translation>无法保存 {path}：{reason}。没有写入任何内容。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="115"/>
        <source>Saved to {path}.</source>
        <translation>已保存到 {path}。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="134"/>
        <source>Save the script</source>
        <translation>保存脚本</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/code_dialog.py" line="134"/>
        <source>Python scripts (*.py);;All files (*)</source>
        <translation>Python 脚本 (*.py);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="13"/>
        <source>&apos;make run&apos; opens the window, &apos;make test&apos; runs the tests</source>
        <translation>&apos;make run&apos; 打开窗口，&apos;make test&apos; 运行测试</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="14"/>
        <source>every control, worker kind and colour</source>
        <translation>每个控件、每种工作进程类型和每种颜色</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="15"/>
        <source>a picture of each lesson: Lock, messages, crashes, compare, CPU and memory</source>
        <translation>每个实验的截图：锁、消息、崩溃、比较、CPU 与内存</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="16"/>
        <source>the same experiments without the window</source>
        <translation>不开窗口运行同样的实验</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="17"/>
        <source>traces for Perfetto, CSV, and runs read back</source>
        <translation>供 Perfetto 使用的跟踪文件、CSV，以及读回的运行</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="18"/>
        <source>English and Simplified Chinese, and what ProcLab remembers</source>
        <translation>英文与简体中文，以及 ProcLab 记住的设置</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="19"/>
        <source>a menu entry, a launcher or a bundle</source>
        <translation>菜单项、启动器或打包的程序</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="20"/>
        <source>the JSON an experiment is saved as</source>
        <translation>实验保存成的 JSON 格式</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="21"/>
        <source>the engine, the window and the tests</source>
        <translation>引擎、窗口与测试</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="28"/>
        <source>Pick Presets → Seed example (Ctrl+1). The table now holds worker1, worker2 and worker3: sleep workers of 2, 3 and 4 seconds.</source>
        <translation>选择 预设 → 基础示例（Ctrl+1）。表格中现在有 worker1、worker2 和 worker3：分别休眠 2、3、4 秒的 sleep 工作进程。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="30"/>
        <source>Press Start (Ctrl+R). Each worker becomes a process of its own: the table shows its pid, Alive says yes, and its bar grows on the timeline (blue: running).</source>
        <translation>点击 启动（Ctrl+R）。每个工作进程都是一个独立的进程：表格显示它的 pid，“存活”显示“是”，它的条形在时间线上不断变长（蓝色：运行中）。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="32"/>
        <source>Watch the log below the timeline: each worker prints &apos;work NAME start&apos;, sleeps its interval, then prints &apos;work NAME end&apos;.</source>
        <translation>看时间线下方的日志：每个工作进程先打印 &apos;work NAME start&apos;，休眠它的时长，再打印 &apos;work NAME end&apos;。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="34"/>
        <source>The bars end in the order of the intervals, worker1 after 2 s, worker2 after 3 s, worker3 after 4 s, and turn green: finished, exit code 0.</source>
        <translation>条形按时长的顺序结束：worker1 在 2 秒后，worker2 在 3 秒后，worker3 在 4 秒后，并变成绿色：已完成，退出码 0。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="36"/>
        <source>Then change something: add a worker with the form (name, kind, interval, Add), use Join, Terminate or Kill during a run, or pick another start method and watch the Start cost column.</source>
        <translation>然后改点什么：用表单添加一个工作进程（名称、类型、时长、添加），在运行时使用 等待结束、终止 或 杀死，或者换一种启动方式并观察“启动开销”列。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="39"/>
        <source>README section {section}: {what}</source>
        <translation>README 中的 {section} 一节：{what}</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="41"/>
        <source>Getting started: the seed example</source>
        <translation>入门：基础示例</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="42"/>
        <source>ProcLab starts real multiprocessing.Process workers and shows what each one does. Five steps:</source>
        <translation>ProcLab 启动真正的 multiprocessing.Process 工作进程，并显示每个进程在做什么。共五步：</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="43"/>
        <source>The README, beside the program, says more in these sections:</source>
        <translation>程序旁边的 README 在以下各节中有更多说明：</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="56"/>
        <source>Getting started</source>
        <translation>入门</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="59"/>
        <source>The seed example, step by step, and the README&apos;s sections</source>
        <translation>基础示例的逐步说明，以及 README 的各节</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="60"/>
        <source>Load the seed example</source>
        <translation>载入基础示例</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/guide_dialog.py" line="61"/>
        <source>Presets → Seed example: worker1, worker2 and worker3 (Ctrl+1)</source>
        <translation>预设 → 基础示例：worker1、worker2 和 worker3（Ctrl+1）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/run_question.py" line="28"/>
        <location filename="../../gui/dialogs/save_question.py" line="28"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/run_question.py" line="29"/>
        <source>{name} has changes that are not saved. Save them before it runs?</source>
        <translation>{name} 有未保存的更改。运行之前先保存吗？</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/run_question.py" line="30"/>
        <source>A script runs from its file: what the pane shows runs only once it is saved.</source>
        <translation>脚本是从它的文件运行的：窗格中显示的内容只有保存之后才会运行。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/run_question.py" line="32"/>
        <source>Save and run</source>
        <translation>保存并运行</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/run_question.py" line="34"/>
        <source>Save the script (a lesson as a copy of your own), then run it</source>
        <translation>保存脚本（课程会另存为你自己的副本），然后运行</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/run_question.py" line="35"/>
        <source>Run the saved file</source>
        <translation>运行已保存的文件</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/run_question.py" line="37"/>
        <source>Run the file as it is on disk; the changes stay in the pane, unsaved</source>
        <translation>运行磁盘上现有的文件；更改留在窗格中，不保存</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/run_question.py" line="40"/>
        <source>Go back: nothing runs, nothing is saved (Esc)</source>
        <translation>返回：不运行，也不保存（Esc）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/save_question.py" line="30"/>
        <source>The worker list or the start method changed since the experiment was last saved or opened.</source>
        <translation>自上次保存或打开实验以来，工作进程列表或启动方式已更改。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/save_question.py" line="36"/>
        <source>Save (as a file, if it has none yet), then go on</source>
        <translation>保存（若还没有文件，则先选择文件），然后继续</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/save_question.py" line="37"/>
        <source>Go on without saving: the changes are lost</source>
        <translation>不保存并继续：更改将丢失</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/save_question.py" line="38"/>
        <source>Go back: nothing is saved, nothing is lost (Esc)</source>
        <translation>返回：不保存，也不丢失任何内容（Esc）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scheduler_dialog.py" line="16"/>
        <source>Type the address the scheduler printed, e.g. {example}</source>
        <translation>输入调度器打印的地址，例如 {example}</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scheduler_dialog.py" line="18"/>
        <source>For a cluster on this machine choose Lab → Run on → Local Dask cluster</source>
        <translation>要在本机使用集群，请选择 实验室 → 运行于 → 本地 Dask 集群</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scheduler_dialog.py" line="30"/>
        <source>Dask scheduler</source>
        <translation>Dask 调度器</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scheduler_dialog.py" line="32"/>
        <source>The address of a running Dask scheduler. Start one with &quot;dask scheduler&quot;, and a worker on each machine with &quot;dask worker ADDRESS&quot; (ProcLab installed there too).</source>
        <translation>一个正在运行的 Dask 调度器的地址。用命令 dask scheduler 启动调度器，并在每台机器上用 dask worker 地址 启动工作节点（那里也要安装 ProcLab）。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/scheduler_dialog.py" line="37"/>
        <source>tcp://HOST:PORT or tls://HOST:PORT</source>
        <translation>tcp://主机:端口 或 tls://主机:端口</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="39"/>
        <source>Python for scripts</source>
        <translation>运行脚本的 Python</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="41"/>
        <source>How Run script runs a script: under which Python, with which start method when the script does not choose one, and how many processes it may start before ProcLab stops it.</source>
        <translation>“运行脚本”如何运行脚本：用哪个 Python，脚本自己不选择时用哪种启动方式，以及脚本最多能启动多少个进程，超过后 ProcLab 会停止它。</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="47"/>
        <source>no Python found: choose one</source>
        <translation>未找到 Python：请选择一个</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="48"/>
        <source>The Python interpreter (3.10 to 3.13) that runs scripts; empty: the one ProcLab runs on</source>
        <translation>运行脚本的 Python 解释器（3.10 到 3.13）；留空：使用 ProcLab 自身运行的那个</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="50"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="51"/>
        <source>Choose a Python interpreter file</source>
        <translation>选择一个 Python 解释器文件</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="52"/>
        <source>ProcLab&apos;s own</source>
        <translation>ProcLab 自身的</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="53"/>
        <source>Run scripts under the Python ProcLab runs on: {python}</source>
        <translation>用 ProcLab 自身运行的 Python 运行脚本：{python}</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="54"/>
        <source>none found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="60"/>
        <source>the script&apos;s own (as python runs it)</source>
        <translation>脚本自己的（与用 Python 直接运行时相同）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="64"/>
        <source>The start method a script gets when it does not call set_start_method() itself; one it chooses is always kept</source>
        <translation>脚本自己没有调用 set_start_method() 时使用的启动方式；脚本自己选择的启动方式始终保留</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="70"/>
        <source>A script that starts more processes than this is stopped, with a message</source>
        <translation>启动的进程数超过此值的脚本会被停止，并给出提示</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="77"/>
        <source>&amp;Python:</source>
        <translation>Python(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="79"/>
        <source>&amp;Start method:</source>
        <translation>启动方式(&amp;S)：</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="80"/>
        <source>Process &amp;limit:</source>
        <translation>进程上限(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="84"/>
        <source>Check the interpreter and keep these settings</source>
        <translation>检查解释器并保留这些设置</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="87"/>
        <source>Keep the settings as they were (Esc)</source>
        <translation>保持原有设置（Esc）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="128"/>
        <source>{version} (ProcLab&apos;s own)</source>
        <translation>{version}（ProcLab 自身的）</translation>
    </message>
    <message>
        <location filename="../../gui/dialogs/script_settings_dialog.py" line="146"/>
        <source>Choose a Python interpreter</source>
        <translation>选择 Python 解释器</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="20"/>
        <source>spawn: each worker is a fresh Python that imports what it needs (slowest, safest; the default on Windows and macOS)</source>
        <translation>spawn：每个工作进程都是一个全新的 Python，自行导入所需的模块（最慢，最安全；Windows 和 macOS 上的默认方式）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="22"/>
        <source>forkserver: a small server process, started once, forks each worker (fast and safe once Qt runs; the default on Linux from Python 3.14)</source>
        <translation>forkserver：一个只启动一次的小型服务进程为每个工作进程执行 fork（快，且在 Qt 运行后依然安全；从 Python 3.14 起是 Linux 上的默认方式）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="24"/>
        <source>fork: the worker is a copy of ProcLab&apos;s own process, Qt&apos;s threads and all: fastest, but unsafe here (the copy can deadlock); ProcLab asks before using it</source>
        <translation>fork：工作进程是 ProcLab 自身进程的副本，连同 Qt 的线程在内：最快，但在这里不安全（副本可能死锁）；ProcLab 会在使用前先询问</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="41"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="42"/>
        <source>Create one multiprocessing.Process per worker and call start() on each (Ctrl+R)</source>
        <translation>为每个工作进程创建一个 multiprocessing.Process，并逐个调用 start()（Ctrl+R）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="45"/>
        <source>Join</source>
        <translation>等待结束</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="46"/>
        <source>Call join(timeout) on the selected workers, or on all when none is selected (Ctrl+J)</source>
        <translation>对选中的工作进程调用 join(timeout)，未选中任何进程时对全部调用（Ctrl+J）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="54"/>
        <source>The timeout passed to join(timeout=...), in seconds</source>
        <translation>传给 join(timeout=...) 的超时时间，单位为秒</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="56"/>
        <source>Terminate</source>
        <translation>终止</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="57"/>
        <source>Call terminate() (SIGTERM) on the selected workers, or on all when none is selected (Ctrl+T)</source>
        <translation>对选中的工作进程调用 terminate()（SIGTERM），未选中任何进程时对全部调用（Ctrl+T）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="60"/>
        <source>Kill</source>
        <translation>杀死</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="61"/>
        <source>Call kill() (SIGKILL) on the selected workers, or on all when none is selected (Ctrl+K)</source>
        <translation>对选中的工作进程调用 kill()（SIGKILL），未选中任何进程时对全部调用（Ctrl+K）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="64"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="65"/>
        <source>End the whole script: SIGTERM to every process it started, then SIGKILL to any still alive after 1 s (Ctrl+Shift+T)</source>
        <translation>结束整个脚本：向它启动的每个进程发送 SIGTERM，1 秒后向仍存活的进程发送 SIGKILL（Ctrl+Shift+T）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="75"/>
        <source>The start method Start uses: multiprocessing.get_context(method).Process(...). The Start cost column shows what it costs per worker.</source>
        <translation>“启动”所用的启动方式：multiprocessing.get_context(method).Process(...)。“启动开销”一列显示每个工作进程的开销。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="79"/>
        <source>run() here</source>
        <translation>在此 run()</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="80"/>
        <source>Call Process.run() instead of start() for the selected sleep worker (or a 1 s one): the work runs inside ProcLab&apos;s own process, and no new pid appears (Ctrl+Shift+R)</source>
        <translation>对选中的 sleep 工作进程（或一个 1 秒的）调用 Process.run() 而不是 start()：工作在 ProcLab 自己的进程内运行，不会出现新的 pid（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="87"/>
        <source>Start &amp;method:</source>
        <translation>启动方式(&amp;M)：</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="100"/>
        <source>timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <location filename="../../gui/panels/control_bar.py" line="146"/>
        <location filename="../../gui/window/main_window.py" line="60"/>
        <source>Not on a cluster: Process.run() runs the work inside ProcLab&apos;s own process, on this machine (Lab → Run on → This machine)</source>
        <translation>集群上不可用：Process.run() 在 ProcLab 自己的进程里、在本机上运行任务（实验室 → 运行于 → 本机）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/lock_banner.py" line="25"/>
        <source>&amp;Release lock</source>
        <translation>释放锁(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/panels/lock_banner.py" line="27"/>
        <source>Call lock.release() on the shared multiprocessing.Lock from ProcLab, so the workers waiting in lock.acquire() go on</source>
        <translation>由 ProcLab 对共享的 multiprocessing.Lock 调用 lock.release()，让在 lock.acquire() 中等待的工作进程继续</translation>
    </message>
    <message>
        <location filename="../../gui/panels/lock_banner.py" line="43"/>
        <source>an unknown exit code</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/panels/lock_banner.py" line="44"/>
        <source>no worker yet</source>
        <translation>暂无工作进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/lock_banner.py" line="44"/>
        <location filename="../../gui/panels/run_progress.py" line="54"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../gui/panels/lock_banner.py" line="46"/>
        <source>&lt;b&gt;Lock abandoned:&lt;/b&gt; {holder} (pid {pid}) exited with {how} while holding the shared Lock. A multiprocessing.Lock has no owner, so nobody else can get it until it is released. Waiting: {waiting}.</source>
        <translation>&lt;b&gt;锁被遗弃：&lt;/b&gt;{holder}（pid {pid}）在持有共享锁时退出，退出码：{how}。multiprocessing.Lock 没有所有者，所以在它被释放之前，谁也拿不到它。等待中：{waiting}。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/log_panel.py" line="23"/>
        <source>What the workers print (tagged [name]) and what each control did (tagged »)</source>
        <translation>工作进程打印的内容（标记为 [名称]）以及每个控件执行的操作（标记为 »）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/log_panel.py" line="24"/>
        <location filename="../../gui/window/main_window.py" line="291"/>
        <source>Worker output appears here after Start.</source>
        <translation>点击“启动”后，工作进程的输出会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/run_progress.py" line="19"/>
        <source>Workers of this run that have exited (their process ended and was joined)</source>
        <translation>本次运行中已退出的工作进程（其进程已结束，且 join() 已返回）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/run_progress.py" line="50"/>
        <source>{done} of {total} ended</source>
        <translation>已结束 {done}/{total}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/run_progress.py" line="52"/>
        <source>{count} {state}</source>
        <translation>{count} 个{state}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/run_progress.py" line="54"/>
        <source>{progress}: {states}</source>
        <translation>{progress}：{states}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/status_line.py" line="19"/>
        <source>multiprocessing.cpu_count(): CPUs this machine has</source>
        <translation>multiprocessing.cpu_count()：本机的 CPU 数量</translation>
    </message>
    <message>
        <location filename="../../gui/panels/status_line.py" line="21"/>
        <location filename="../../gui/panels/status_line.py" line="51"/>
        <source>len(multiprocessing.active_children()): live child processes</source>
        <translation>len(multiprocessing.active_children())：存活的子进程数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/status_line.py" line="23"/>
        <location filename="../../gui/panels/status_line.py" line="42"/>
        <source>Where Start runs the workers (Lab → Run on)</source>
        <translation>“启动”在哪里运行工作进程（实验室 → 运行于）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/status_line.py" line="26"/>
        <source>The multiprocessing start method used for workers</source>
        <translation>工作进程使用的 multiprocessing 启动方式</translation>
    </message>
    <message>
        <location filename="../../gui/panels/status_line.py" line="46"/>
        <source>start method: {method}</source>
        <translation>启动方式：{method}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/status_line.py" line="56"/>
        <source>processes alive: {count}</source>
        <translation>存活进程：{count}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/status_line.py" line="57"/>
        <source>The watched script&apos;s processes that have not ended yet, its main process and every process under it</source>
        <translation>被观察脚本中尚未结束的进程：它的主进程以及其下的每个进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="34"/>
        <source>Seconds the worker sleeps (time.sleep) between printing &apos;start&apos; and &apos;end&apos;</source>
        <translation>工作进程在打印 &apos;start&apos; 和 &apos;end&apos; 之间休眠的秒数（time.sleep）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="35"/>
        <source>Seconds of pure-Python work on one free core (calibrated here; threads sharing the GIL take longer)</source>
        <translation>在一个空闲核心上做纯 Python 计算的秒数（按本机校准；共享 GIL 的线程会用更久）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="36"/>
        <source>Seconds the worker holds the shared Lock once lock.acquire() returns</source>
        <translation>lock.acquire() 返回后，工作进程持有共享锁的秒数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="37"/>
        <source>Seconds over which the messages are spread evenly</source>
        <translation>消息均匀分布在其中的秒数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="38"/>
        <source>Seconds the worker runs before it crashes</source>
        <translation>工作进程在崩溃前运行的秒数</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="39"/>
        <source>Seconds the worker sleeps, ignoring SIGTERM, unless kill() ends it first</source>
        <translation>工作进程忽略 SIGTERM 并休眠的秒数，除非 kill() 先结束它</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="59"/>
        <source>worker name, e.g. worker1</source>
        <translation>工作进程名称，例如 worker1</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="62"/>
        <source>Process name (Process(name=...)): unique, 1 to {max} printable characters. Press Enter to add.</source>
        <translation>进程名称（Process(name=...)）：不可重复，1 到 {max} 个可打印字符。按 Enter 添加。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="67"/>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="75"/>
        <source> messages</source>
        <translation> 条消息</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="77"/>
        <source>How many messages the worker sends with Connection.send() over its multiprocessing.Pipe</source>
        <translation>工作进程通过它的 multiprocessing.Pipe 用 Connection.send() 发送多少条消息</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="83"/>
        <source>How the worker fails once its interval is over</source>
        <translation>时长结束后，工作进程以何种方式失败</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="88"/>
        <source>The exit status N passed to sys.exit(N) or os._exit(N): 1 to 255</source>
        <translation>传给 sys.exit(N) 或 os._exit(N) 的退出状态 N：1 到 255</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="89"/>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="90"/>
        <source>Add this worker to the experiment (Enter)</source>
        <translation>将此工作进程添加到实验中（Enter）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="97"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="102"/>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="107"/>
        <source>&amp;Interval:</source>
        <translation>时长(&amp;I)：</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="132"/>
        <source>The worker&apos;s workload. {kind}: {description}</source>
        <translation>工作进程的工作负载。{kind}：{description}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="134"/>
        <source>{meaning}; more than 0, at most {max}. Up and Down step by 0.5 s.</source>
        <translation>{meaning}；大于 0，最多 {max}。上、下方向键每次增减 0.5 秒。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="176"/>
        <source>Name {message}.</source>
        <translation>名称 {message}。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_form.py" line="181"/>
        <source>Interval {message}. Nothing was added.</source>
        <translation>间隔 {message}。未添加任何工作进程。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="25"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="25"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="25"/>
        <source>Interval</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="25"/>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="25"/>
        <source>Alive</source>
        <translation>存活</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="25"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="25"/>
        <source>Exit code</source>
        <translation>退出码</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="26"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="26"/>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="26"/>
        <source>Start cost</source>
        <translation>启动开销</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="26"/>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="32"/>
        <source>Process.name: unique, 1 to 64 printable characters. Double-click to edit before Start.</source>
        <translation>Process.name：不可重复，1 到 64 个可打印字符。启动前可双击编辑。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="33"/>
        <source>What the worker does: sleep, cpu, lock, messages or crash (set it in the form above)</source>
        <translation>工作进程做什么：sleep、cpu、lock、messages 或 crash（在上方的表单中设置）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="34"/>
        <source>Seconds of work: the sleep, the cpu work, the lock hold, the message spread, or the time before a crash. Double-click to edit before Start.</source>
        <translation>工作的秒数：休眠、cpu 计算、持有锁、消息分布的时间，或崩溃前的时间。启动前可双击编辑。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="36"/>
        <source>Process.pid: the operating system&apos;s id of the worker process</source>
        <translation>Process.pid：操作系统为工作进程分配的 ID</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="37"/>
        <source>Process.is_alive(), polled several times a second</source>
        <translation>Process.is_alive()，每秒轮询数次</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="38"/>
        <source>not started, running, finished (exit 0), failed (exit &gt; 0), terminated (SIGTERM), killed</source>
        <translation>未启动、运行中、已完成（退出码 0）、失败（退出码 &gt; 0）、已终止（SIGTERM）、已杀死</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="39"/>
        <source>Process.exitcode: 0 ok, 1 uncaught exception, N exit status, -N killed by signal N</source>
        <translation>Process.exitcode：0 正常，1 未捕获的异常，N 退出状态，-N 被信号 N 终止</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="40"/>
        <source>From Process.start() called to the worker&apos;s first line: what the start method costs</source>
        <translation>从调用 Process.start() 到工作进程执行第一行：启动方式的开销</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="41"/>
        <source>psutil cpu_percent() of the live worker, about once a second (100% = one full core)</source>
        <translation>存活工作进程的 psutil cpu_percent()，大约每秒一次（100% = 一整个核心）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="42"/>
        <source>psutil memory_info().rss of the live worker: resident memory, about once a second</source>
        <translation>存活工作进程的 psutil memory_info().rss：常驻内存，大约每秒一次</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="43"/>
        <source>Where the worker ran on a Dask cluster: the machine&apos;s name and its Dask worker&apos;s address. CPU and memory are not sampled there: psutil sees this machine&apos;s processes only</source>
        <translation>工作进程在 Dask 集群上运行的位置：机器名和它所在 Dask 工作节点的地址。那里不采样 CPU 和内存：psutil 只能看到本机的进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="48"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="49"/>
        <source>What made the process: the script itself (main), multiprocessing.Process, a Pool or ProcessPoolExecutor worker, os.fork(), another Python it ran, or a helper multiprocessing starts for itself (the forkserver, the resource tracker)</source>
        <translation>进程由什么创建：脚本本身（main）、multiprocessing.Process、Pool 或 ProcessPoolExecutor 的工作进程、os.fork()、脚本运行的另一个 Python，或 multiprocessing 为自己启动的辅助进程（forkserver、resource_tracker）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="52"/>
        <source>main</source>
        <translation>主进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="52"/>
        <source>pool worker</source>
        <translation>进程池工作进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="53"/>
        <source>subprocess</source>
        <translation>子程序</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="53"/>
        <source>helper</source>
        <translation>辅助进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="282"/>
        <location filename="../../gui/panels/worker_table_model.py" line="334"/>
        <location filename="../../gui/panels/workers_panel.py" line="44"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="282"/>
        <location filename="../../gui/panels/worker_table_model.py" line="334"/>
        <location filename="../../gui/panels/workers_panel.py" line="44"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="286"/>
        <source>lost: {reason}</source>
        <translation>失联：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="338"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="366"/>
        <source>Row {row}: {field} {message}. The old value is kept.</source>
        <translation>第 {row} 行：{field} {message}。保留原值。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="392"/>
        <source>{name}, pid {pid}</source>
        <translation>{name}，pid {pid}</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="394"/>
        <source>started by {parent} (pid {pid})</source>
        <translation>由 {parent}（pid {pid}）启动</translation>
    </message>
    <message>
        <location filename="../../gui/panels/worker_table_model.py" line="396"/>
        <source>a helper multiprocessing started for itself</source>
        <translation>multiprocessing 为自己启动的辅助进程</translation>
    </message>
    <message>
        <location filename="../../gui/panels/workers_panel.py" line="81"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../gui/panels/workers_panel.py" line="82"/>
        <source>Remove the selected workers from the experiment (Delete)</source>
        <translation>从实验中移除选中的工作进程（Delete）</translation>
    </message>
    <message>
        <location filename="../../gui/panels/workers_panel.py" line="143"/>
        <source>Name: {message}.</source>
        <translation>名称：{message}。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/workers_panel.py" line="165"/>
        <source>Every process the script started, in the order they appeared, and what polling says about each. Select rows to aim Join, Terminate and Kill at them.</source>
        <translation>脚本启动的每个进程（按出现顺序），以及轮询每个进程得到的状态。选中若干行，可让“等待结束”“终止”“杀死”只作用于它们。</translation>
    </message>
    <message>
        <location filename="../../gui/panels/workers_panel.py" line="167"/>
        <source>The experiment&apos;s workers and, once started, what polling each Process says. Select rows to aim Join, Terminate and Kill at them.</source>
        <translation>实验的工作进程，以及启动后轮询每个进程得到的状态。选中若干行，可让“等待结束”“终止”“杀死”只作用于它们。</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_file.py" line="47"/>
        <source>{path}: not a regular file</source>
        <translation>{path}：不是普通文件</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_file.py" line="49"/>
        <location filename="../../gui/script/script_file.py" line="58"/>
        <source>{path}: {size}; ProcLab opens scripts up to {most}</source>
        <translation>{path}：{size}；ProcLab 只打开不超过 {most} 的脚本</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_file.py" line="54"/>
        <source>{path}: no such file</source>
        <translation>{path}：文件不存在</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_file.py" line="59"/>
        <source>more than {most}</source>
        <translation>超过 {most}</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_file.py" line="66"/>
        <source>{path}: a binary file (it holds NUL bytes), not a Python script</source>
        <translation>{path}：这是二进制文件（含有 NUL 字节），不是 Python 脚本</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_file.py" line="78"/>
        <source>{path}: not valid {encoding} text (line {line}, byte {byte}); ProcLab shows a script as Python reads it</source>
        <translation>{path}：不是有效的 {encoding} 文本（第 {line} 行，第 {byte} 字节）；ProcLab 按 Python 读取脚本的方式显示脚本</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_file.py" line="91"/>
        <source>{path}: {character} (line {line}) cannot be written in the file&apos;s encoding, {encoding}; nothing was written</source>
        <translation>{path}：{character}（第 {line} 行）无法用该文件的编码 {encoding} 写入；没有写入任何内容</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_file.py" line="97"/>
        <location filename="../../gui/script/script_file.py" line="99"/>
        <source>{error}; nothing was written</source>
        <translation>{error}；没有写入任何内容</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="30"/>
        <source>Python script (*.py);;All files (*)</source>
        <translation>Python 脚本 (*.py);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="54"/>
        <source>The script. Read-only until you press Edit; Ctrl+S saves it while editing</source>
        <translation>脚本。按“编辑”之前为只读；编辑时按 Ctrl+S 保存</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="55"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="56"/>
        <source>Make the script editable here (it is read-only until then)</source>
        <translation>在此处编辑脚本（在此之前为只读）</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="58"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="59"/>
        <source>Write the script to its file, whole or not at all (Ctrl+S in the script)</source>
        <translation>将脚本写入它的文件，要么完整写入，要么完全不写（在脚本中按 Ctrl+S）</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="60"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="61"/>
        <source>Write the script to another file and go on with that one</source>
        <translation>将脚本写入另一个文件，并接着使用那个文件</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="62"/>
        <source>Run script</source>
        <translation>运行脚本</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="63"/>
        <source>Run the script as python would, and watch every process it starts</source>
        <translation>像用 Python 直接运行一样运行脚本，并观察它启动的每个进程</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="65"/>
        <source>Close the script; the worker table shows the experiment again</source>
        <translation>关闭脚本；工作进程表格重新显示实验</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="178"/>
        <location filename="../../gui/window/main_window.py" line="255"/>
        <source>Save script as</source>
        <translation>脚本另存为</translation>
    </message>
    <message>
        <location filename="../../gui/script/script_pane.py" line="221"/>
        <source>{name} (lesson)</source>
        <translation>{name}（课程）</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/counters.py" line="63"/>
        <source>psutil cpu_percent() of each live worker: 100 % is one whole core</source>
        <translation>每个存活工作进程的 psutil cpu_percent()：100 % 表示一整个核心</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/counters.py" line="64"/>
        <source>CPU percent of each worker</source>
        <translation>每个工作进程的 CPU 百分比</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/counters.py" line="66"/>
        <source>psutil memory_info().rss of each live worker, in MB (2**20 bytes)</source>
        <translation>每个存活工作进程的 psutil memory_info().rss，单位为 MB（2**20 字节）</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/counters.py" line="67"/>
        <source>Resident memory of each worker</source>
        <translation>每个工作进程的常驻内存</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/counters.py" line="78"/>
        <source>100 %: one whole core</source>
        <translation>100 %：一整个核心</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/counters.py" line="198"/>
        <source>{count} more (grey)</source>
        <translation>另外 {count} 个（灰色）</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/export.py" line="31"/>
        <source>{path}: choose a .png or .svg file name</source>
        <translation>{path}：请选择 .png 或 .svg 文件名</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/export.py" line="60"/>
        <source>could not encode the PNG image</source>
        <translation>无法编码 PNG 图像</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="81"/>
        <source>start() called</source>
        <translation>调用 start()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="82"/>
        <source>run begun</source>
        <translation>开始运行</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="83"/>
        <source>end</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="84"/>
        <source>exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="85"/>
        <source>join() returned</source>
        <translation>join() 返回</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="86"/>
        <source>join() timed out</source>
        <translation>join() 超时</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="87"/>
        <source>message sent</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="162"/>
        <source>waiting for lock</source>
        <translation>等待锁</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="163"/>
        <source>holding lock</source>
        <translation>持有锁</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/marks.py" line="164"/>
        <source>start cost</source>
        <translation>启动开销</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="44"/>
        <source>… and {count} more here</source>
        <translation>…… 此处还有 {count} 个</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="64"/>
        <source>still running</source>
        <translation>仍在运行</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="67"/>
        <source>pid: {pid}</source>
        <translation>pid：{pid}</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="69"/>
        <source>start: {time}</source>
        <translation>开始：{time}</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="70"/>
        <source>end: {time}</source>
        <translation>结束：{time}</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="71"/>
        <source>duration: {time}</source>
        <translation>时长：{time}</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="72"/>
        <source>exit code: {code}</source>
        <translation>退出码：{code}</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="72"/>
        <source>not yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="75"/>
        <source>start cost: {ms} ms (start() called → run begun)</source>
        <translation>启动开销：{ms} ms（调用 start() → 开始运行）</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="77"/>
        <source>ping/pong round trip: {ms} ms</source>
        <translation>ping/pong 往返：{ms} ms</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="79"/>
        <source>messages sent: {sent} of {count}</source>
        <translation>已发送消息：{sent}/{count}</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="86"/>
        <source>Pool tasks: {count}, {raised} raised</source>
        <translation>Pool 任务：{count} 个，其中 {raised} 个抛出异常</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="86"/>
        <source>Pool tasks: {count}</source>
        <translation>Pool 任务：{count} 个</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="89"/>
        <source>&lt;b&gt;died holding the lock&lt;/b&gt;: others wait for it until it is recovered</source>
        <translation>&lt;b&gt;持有锁时退出&lt;/b&gt;：其他进程会一直等待，直到锁被恢复</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="97"/>
        <source>lock: holding it since {time} s</source>
        <translation>锁：自 {time} 秒起持有</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="99"/>
        <source>lock: waiting for it since {time} s</source>
        <translation>锁：自 {time} 秒起等待</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="103"/>
        <source>once</source>
        <translation>1 次</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="103"/>
        <source>{count} times</source>
        <translation>{count} 次</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="104"/>
        <source>lock: held {times}, {held} s in all; waited {waited} s</source>
        <translation>锁：持有 {times}，共 {held} 秒；等待 {waited} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="111"/>
        <source>the script&apos;s main process</source>
        <translation>脚本的主进程</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="111"/>
        <source>a multiprocessing Process</source>
        <translation>一个 multiprocessing Process</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="112"/>
        <source>a Pool or ProcessPoolExecutor worker</source>
        <translation>Pool 或 ProcessPoolExecutor 的工作进程</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="112"/>
        <source>an os.fork() child</source>
        <translation>os.fork() 创建的子进程</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="113"/>
        <source>another Python the script ran</source>
        <translation>脚本启动的另一个 Python</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="114"/>
        <source>a helper multiprocessing started for itself (forkserver, resource tracker)</source>
        <translation>multiprocessing 为自己启动的辅助进程（forkserver、resource tracker）</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="118"/>
        <source>started by: {parent} (pid {pid})</source>
        <translation>由 {parent}（pid {pid}）启动</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="120"/>
        <source>command: {command}</source>
        <translation>命令：{command}</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="127"/>
        <source>task {name}: running {time} s so far</source>
        <translation>任务 {name}：已运行 {time} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="128"/>
        <location filename="../../gui/timeline/tooltips.py" line="176"/>
        <source>since {time} s</source>
        <translation>自 {time} 秒起</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="129"/>
        <source>task {name} raised after {time} s</source>
        <translation>任务 {name} 在 {time} 秒后抛出异常</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="129"/>
        <source>task {name}: {time} s</source>
        <translation>任务 {name}：{time} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="131"/>
        <location filename="../../gui/timeline/tooltips.py" line="177"/>
        <source>from {start} s to {end} s</source>
        <translation>从 {start} 秒到 {end} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="139"/>
        <source>Pipe send at {time} s: message {seq} on {channel}</source>
        <translation>于 {time} 秒通过管道发送：{channel} 上的第 {seq} 条消息</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="141"/>
        <source>received by {row} at {other} s</source>
        <translation>{row} 于 {other} 秒接收</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="141"/>
        <source>not received (yet)</source>
        <translation>（尚）未被接收</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="143"/>
        <source>Pipe receive at {time} s: message {seq} on {channel}</source>
        <translation>于 {time} 秒从管道接收：{channel} 上的第 {seq} 条消息</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="145"/>
        <source>sent by {row} at {other} s</source>
        <translation>由 {row} 于 {other} 秒发送</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="145"/>
        <source>its send was not seen</source>
        <translation>未看到它的发送</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="149"/>
        <source>Queue put() at {time} s on {queue}</source>
        <translation>于 {time} 秒在 {queue} 上调用 Queue put()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="151"/>
        <source>Queue get() returned at {time} s from {queue}</source>
        <translation>Queue get() 于 {time} 秒从 {queue} 返回</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="156"/>
        <source>terminate() on {target} at {time} s</source>
        <translation>于 {time} 秒对 {target} 调用 terminate()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="158"/>
        <source>kill() on {target} at {time} s</source>
        <translation>于 {time} 秒对 {target} 调用 kill()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="160"/>
        <source>join() on {target} at {time} s</source>
        <translation>于 {time} 秒对 {target} 调用 join()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="161"/>
        <source>join() on {target} at {time} s, took {seconds} s</source>
        <translation>于 {time} 秒对 {target} 调用 join()，用时 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="172"/>
        <source>waiting for the lock {time} s so far</source>
        <translation>已等待锁 {time} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="172"/>
        <source>waiting for the lock {time} s</source>
        <translation>等待锁 {time} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="174"/>
        <source>holding the lock {time} s so far</source>
        <translation>已持有锁 {time} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="174"/>
        <source>holding the lock {time} s</source>
        <translation>持有锁 {time} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="180"/>
        <source>lock: {name}</source>
        <translation>锁：{name}</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="184"/>
        <source>&lt;b&gt;died holding the lock&lt;/b&gt;: it is still locked</source>
        <translation>&lt;b&gt;持有锁时退出&lt;/b&gt;：锁仍处于锁定状态</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="189"/>
        <source>starting: {ms} ms from start() called to run begun</source>
        <translation>启动中：从调用 start() 到开始运行用了 {ms} ms</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="190"/>
        <source>the start method&apos;s cost (fork, forkserver or spawn)</source>
        <translation>启动方式的开销（fork、forkserver 或 spawn）</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="191"/>
        <source>starting since {time} s: start() called, the run has not begun</source>
        <translation>自 {time} 秒起启动中：已调用 start()，尚未开始运行</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="201"/>
        <source>message {number} of {count} at {time} s</source>
        <translation>第 {number}/{count} 条消息，于 {time} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="204"/>
        <source>start() called at {time} s</source>
        <translation>于 {time} 秒调用 start()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="208"/>
        <source>run begun at {time} s</source>
        <translation>于 {time} 秒开始运行</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="209"/>
        <source>run begun at {time} s (start cost {ms} ms)</source>
        <translation>于 {time} 秒开始运行（启动开销 {ms} ms）</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="211"/>
        <source>end at {time} s: the target returned</source>
        <translation>于 {time} 秒结束：目标函数已返回</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="214"/>
        <source>exited at {time} s (the engine&apos;s reaper join() returned): {code}</source>
        <translation>于 {time} 秒退出（引擎回收进程的 join() 已返回）：{code}</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="216"/>
        <source>join() returned at {time} s: the worker had exited</source>
        <translation>join() 于 {time} 秒返回：工作进程已退出</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="218"/>
        <source>join() timed out at {time} s: the worker is still alive</source>
        <translation>join() 于 {time} 秒超时：工作进程仍然存活</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/tooltips.py" line="219"/>
        <source>{mark} at {time} s</source>
        <translation>{mark}，于 {time} 秒</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="62"/>
        <source>Pipe send</source>
        <translation>管道发送</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="63"/>
        <source>Pipe receive</source>
        <translation>管道接收</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="64"/>
        <source>Queue put()</source>
        <translation>Queue put()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="65"/>
        <source>Queue get()</source>
        <translation>Queue get()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="66"/>
        <source>join() called</source>
        <translation>调用 join()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="67"/>
        <source>terminate() called</source>
        <translation>调用 terminate()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="68"/>
        <source>kill() called</source>
        <translation>调用 kill()</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="307"/>
        <source>Pool task</source>
        <translation>Pool 任务</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="308"/>
        <source>task raised</source>
        <translation>任务抛出异常</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/watch_marks.py" line="309"/>
        <source>Pipe send → receive</source>
        <translation>管道发送 → 接收</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="43"/>
        <source>seconds since Start</source>
        <translation>自“启动”以来的秒数</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="66"/>
        <source>Timeline of worker processes</source>
        <translation>工作进程的时间线</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="79"/>
        <source>&amp;Follow</source>
        <translation>跟随(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="82"/>
        <source>Keep the newest time in view. Zooming or panning (mouse wheel, drag) turns this off.</source>
        <translation>始终显示最新的时间。缩放或平移（鼠标滚轮、拖动）会关闭此项。</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="84"/>
        <source>CPU &amp;&amp; memory rows</source>
        <translation>CPU 和内存曲线</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="86"/>
        <source>Show psutil cpu_percent() and memory_info().rss of each live worker, polled about once a second, under the timeline</source>
        <translation>在时间线下方显示每个存活工作进程的 psutil cpu_percent() 和 memory_info().rss，大约每秒采样一次</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="90"/>
        <source>Wheel: zoom · Drag: pan</source>
        <translation>滚轮：缩放 · 拖动：平移</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="92"/>
        <source>Right-click the plot for view options, e.g. View All</source>
        <translation>右键单击图表可打开视图选项，例如 View All（显示全部）</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="186"/>
        <source>helper process</source>
        <translation>辅助进程</translation>
    </message>
    <message>
        <location filename="../../gui/timeline/widget.py" line="233"/>
        <source>Not on a cluster: psutil samples processes of this machine only, and the workers run on the Dask workers&apos; machines</source>
        <translation>集群上不可用：psutil 只采样本机的进程，而工作进程运行在 Dask 工作节点所在的机器上</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="39"/>
        <source>Cannot compare</source>
        <translation>无法比较</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="42"/>
        <source>compare: running 1 worker as a thread, then as a process ({method})</source>
        <translation>比较：先以线程、再以进程运行 1 个工作进程（{method}）</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="43"/>
        <source>compare: running {count} workers as threads, then as processes ({method})</source>
        <translation>比较：先以线程、再以进程运行 {count} 个工作进程（{method}）</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="45"/>
        <source>Comparing threads and processes…</source>
        <translation>正在比较线程与进程…</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="50"/>
        <source>threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="50"/>
        <source>processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="51"/>
        <source>Comparing: running as {phase}…</source>
        <translation>正在比较：以 {phase} 方式运行…</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="58"/>
        <source>compare: {line}</source>
        <translation>比较：{line}</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="59"/>
        <source>Comparison done; Export timeline also saves its figures</source>
        <translation>比较完成；“导出时间线”也会保存其中的数据</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="64"/>
        <source>Compare failed</source>
        <translation>比较失败</translation>
    </message>
    <message>
        <location filename="../../gui/window/compare_mode.py" line="66"/>
        <source>compare: cancelled; its processes were stopped</source>
        <translation>比较：已取消；其进程已停止</translation>
    </message>
    <message>
        <location filename="../../gui/window/controls.py" line="39"/>
        <source>all workers</source>
        <translation>所有工作进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/controls.py" line="47"/>
        <source>{names} still alive</source>
        <translation>{names} 仍然存活</translation>
    </message>
    <message>
        <location filename="../../gui/window/controls.py" line="49"/>
        <source>all ended</source>
        <translation>全部已结束</translation>
    </message>
    <message>
        <location filename="../../gui/window/controls.py" line="49"/>
        <source>{names} ended</source>
        <translation>{names} 已结束</translation>
    </message>
    <message>
        <location filename="../../gui/window/controls.py" line="50"/>
        <source>join(timeout={timeout!r}) returned; {outcome}</source>
        <translation>join(timeout={timeout!r}) 已返回；{outcome}</translation>
    </message>
    <message>
        <location filename="../../gui/window/controls.py" line="64"/>
        <source>{call}() sent {signal} to {names}</source>
        <translation>{call}() 已向 {names} 发送 {signal}</translation>
    </message>
    <message>
        <location filename="../../gui/window/controls.py" line="67"/>
        <source>{call}(): none of {names} is alive</source>
        <translation>{call}()：{names} 中没有存活的进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/controls.py" line="75"/>
        <source>stop: SIGTERM to every process of {script}, SIGKILL after {grace:g} s to any still alive</source>
        <translation>停止：向 {script} 的每个进程发送 SIGTERM，{grace:g} 秒后向仍存活的进程发送 SIGKILL</translation>
    </message>
    <message>
        <location filename="../../gui/window/controls.py" line="83"/>
        <source>the lock is not abandoned any more; nothing to release</source>
        <translation>该锁已不再处于遗弃状态；无需释放</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="46"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="53"/>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="66"/>
        <source>Save the changes to {name} before its workers are replaced?</source>
        <translation>在替换 {name} 的工作进程之前保存更改吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="91"/>
        <location filename="../../gui/window/experiment_files.py" line="149"/>
        <source>Cannot open experiment</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="95"/>
        <source>Start method not available</source>
        <translation>启动方式不可用</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="95"/>
        <source>{path}: start_method: {method!r} is not available on this platform; keeping {kept}.</source>
        <translation>{path}：start_method：{method!r} 在此平台上不可用；继续使用 {kept}。</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="105"/>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="113"/>
        <source>Cannot save experiment</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="113"/>
        <source>{path}: {error}. The old file, if any, is unchanged.</source>
        <translation>{path}：{error}。原有的文件（如果有）保持不变。</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="118"/>
        <location filename="../../gui/window/script_files.py" line="146"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="131"/>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="138"/>
        <source>Save experiment</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <location filename="../../gui/window/experiment_files.py" line="149"/>
        <source>{path} is gone; it was removed from the recent experiments.</source>
        <translation>{path} 已不存在，已将它从最近的实验中移除。</translation>
    </message>
    <message>
        <location filename="../../gui/window/file_dialogs.py" line="13"/>
        <source>ProcLab experiment (*.json);;All files (*)</source>
        <translation>ProcLab 实验 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/window/file_dialogs.py" line="17"/>
        <location filename="../../gui/window/run_files.py" line="194"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location filename="../../gui/window/file_dialogs.py" line="17"/>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../gui/window/file_dialogs.py" line="21"/>
        <source>ProcLab run (*.json *.jsonl);;Perfetto trace (*.json);;Events (*.jsonl);;All files (*)</source>
        <translation>ProcLab 运行记录 (*.json *.jsonl);;Perfetto 跟踪文件 (*.json);;事件 (*.jsonl);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="58"/>
        <source>Not on a cluster: the comparison runs threads and processes side by side on this machine (Lab → Run on → This machine)</source>
        <translation>集群上不可用：对比会在本机上并排运行线程和进程（实验室 → 运行于 → 本机）</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="87"/>
        <source>What the current experiment shows</source>
        <translation>当前实验展示的内容</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="192"/>
        <source>Use fork?</source>
        <translation>使用 fork？</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="192"/>
        <source>fork makes each worker a copy of ProcLab&apos;s own process as it is at that moment, including the threads Qt runs. Only the thread that forks is copied, so a lock another thread held right then stays locked forever in the copy: a worker can hang before its first line. That is why Python 3.12 warns about it, why Python 3.14 stopped using fork by default on Linux, and why ProcLab uses forkserver. Use fork anyway?</source>
        <translation>fork 会让每个工作进程成为 ProcLab 自身进程在那一刻的副本，包括 Qt 运行的线程。只有执行 fork 的那个线程会被复制，所以另一个线程当时持有的锁在副本中会永远保持锁定：工作进程可能在执行第一行代码之前就卡住。这就是 Python 3.12 会对此发出警告、Python 3.14 在 Linux 上不再默认使用 fork，以及 ProcLab 使用 forkserver 的原因。仍然使用 fork 吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="239"/>
        <source>{run} (replay) · {experiment}</source>
        <translation>{run}（回放）· {experiment}</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="290"/>
        <source>What the script and its processes print appears here after Run script.</source>
        <translation>“运行脚本”之后，脚本及其进程打印的内容会显示在这里。</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="293"/>
        <location filename="../../gui/window/run_presenter.py" line="153"/>
        <location filename="../../gui/window/run_presenter.py" line="184"/>
        <source>the script&apos;s own</source>
        <translation>脚本自己的</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="333"/>
        <source>Cannot reach the cluster</source>
        <translation>无法连接集群</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="333"/>
        <source>{reason}

Nothing was started. Check the address (Lab → Run on → Dask scheduler…) or run on this machine.</source>
        <translation>{reason}

没有启动任何东西。请检查地址（实验室 → 运行于 → Dask 调度器…），或在本机运行。</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="365"/>
        <source>Dask &amp;scheduler ({address})…</source>
        <translation>Dask 调度器（{address}）(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="366"/>
        <location filename="../../gui/window/menus.py" line="97"/>
        <source>Dask &amp;scheduler…</source>
        <translation>Dask 调度器(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="405"/>
        <location filename="../../gui/window/main_window.py" line="408"/>
        <source>Save the changes to {name} before closing?</source>
        <translation>关闭之前保存对 {name} 的更改吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/main_window.py" line="412"/>
        <source>Still running</source>
        <translation>仍在运行</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="20"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="47"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="48"/>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="49"/>
        <source>Load the worker list from a ProcLab experiment file (JSON)</source>
        <translation>从 ProcLab 实验文件（JSON）载入工作进程列表</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="51"/>
        <source>&amp;Save experiment…</source>
        <translation>保存实验(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="52"/>
        <source>Save the worker list as a ProcLab experiment file (JSON)</source>
        <translation>将工作进程列表保存为 ProcLab 实验文件（JSON）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="54"/>
        <source>Open scri&amp;pt…</source>
        <translation>打开脚本(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="55"/>
        <source>Show a Python script in the code pane, to read, edit and run it watched (Ctrl+Shift+P)</source>
        <translation>在代码窗格中显示一个 Python 脚本，可以阅读、编辑并在观察下运行（Ctrl+Shift+P）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="57"/>
        <source>Open r&amp;un…</source>
        <translation>打开运行记录(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="58"/>
        <source>Look at a run saved earlier (a trace or events file ProcLab wrote), read-only</source>
        <translation>以只读方式查看之前保存的一次运行（ProcLab 写出的跟踪文件或事件文件）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="59"/>
        <source>&amp;Export timeline…</source>
        <translation>导出时间线(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="60"/>
        <source>Save the timeline as a PNG or SVG image</source>
        <translation>将时间线保存为 PNG 或 SVG 图像</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="61"/>
        <source>Export &amp;trace…</source>
        <translation>导出跟踪文件(&amp;T)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="62"/>
        <source>Save the run as a Chrome/Perfetto trace (JSON) that ui.perfetto.dev opens</source>
        <translation>将这次运行保存为 ui.perfetto.dev 能打开的 Chrome/Perfetto 跟踪文件（JSON）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="63"/>
        <source>Export events as &amp;CSV…</source>
        <translation>将事件导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="64"/>
        <source>Save every event of the run as a CSV table</source>
        <translation>将这次运行的每个事件保存为 CSV 表格</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="65"/>
        <source>Save window &amp;screenshot…</source>
        <translation>保存窗口截图(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="66"/>
        <source>Save a PNG picture of the whole window</source>
        <translation>将整个窗口保存为 PNG 图片</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="68"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="69"/>
        <source>Close ProcLab (asks first if workers run)</source>
        <translation>关闭 ProcLab（如有工作进程在运行，会先询问）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="71"/>
        <source>&amp;Lab</source>
        <translation>实验室(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="72"/>
        <source>Run &amp;script</source>
        <translation>运行脚本(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="73"/>
        <source>Run the script shown as python would and watch every process it starts (Ctrl+R while a script is shown)</source>
        <translation>像用 Python 直接运行一样运行显示的脚本，并观察它启动的每个进程（显示脚本时按 Ctrl+R）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="75"/>
        <source>L&amp;essons</source>
        <translation>课程(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="81"/>
        <source>Open {file} in the code pane (read-only; Save keeps a copy of your own)</source>
        <translation>在代码窗格中打开 {file}（只读；“保存”会保存一份你自己的副本）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="84"/>
        <source>&amp;Python for scripts…</source>
        <translation>运行脚本的 Python(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="85"/>
        <source>The Python interpreter scripts run under, their start method and the process limit</source>
        <translation>运行脚本所用的 Python 解释器、脚本的启动方式和进程上限</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="87"/>
        <source>Run &amp;on</source>
        <translation>运行于(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="92"/>
        <source>This &amp;machine</source>
        <translation>本机(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="93"/>
        <source>Start runs each worker as a multiprocessing.Process of this machine</source>
        <translation>“启动”把每个工作进程作为本机的 multiprocessing.Process 运行</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="94"/>
        <source>&amp;Local Dask cluster</source>
        <translation>本地 Dask 集群(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="95"/>
        <source>Start runs the workers on a distributed.LocalCluster that ProcLab starts on this machine (one Dask worker per CPU), each worker a process of a Dask worker</source>
        <translation>“启动”在 ProcLab 于本机启动的 distributed.LocalCluster 上运行工作进程（每个 CPU 一个 Dask 工作节点），每个工作进程都是某个 Dask 工作节点的子进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="98"/>
        <source>Start runs the workers on the Dask workers of a running scheduler (its address is asked and remembered)</source>
        <translation>“启动”在一个正在运行的调度器的 Dask 工作节点上运行工作进程（会询问并记住它的地址）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="104"/>
        <source>&amp;Compare threads vs processes</source>
        <translation>比较线程与进程(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="105"/>
        <source>Run the experiment with threading.Thread, then with multiprocessing.Process, and show both timelines, each wall time and the speedup (sleep, cpu, lock and messages workers)</source>
        <translation>先用 threading.Thread、再用 multiprocessing.Process 运行此实验，并显示两条时间线、各自的实际耗时和加速比（适用于 sleep、cpu、lock 和 messages 工作进程）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="107"/>
        <source>&amp;run() instead of start()</source>
        <translation>用 run() 代替 start()(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="108"/>
        <source>Call Process.run() on the selected sleep worker: it runs inside ProcLab, no new process</source>
        <translation>对选中的 sleep 工作进程调用 Process.run()：它在 ProcLab 内部运行，不创建新进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="109"/>
        <source>Show &amp;code…</source>
        <translation>显示代码(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="110"/>
        <source>The experiment as a standalone Python 3 script using only multiprocessing and the standard library</source>
        <translation>将实验显示为只用 multiprocessing 和标准库的独立 Python 3 脚本</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="112"/>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="113"/>
        <source>Seed &amp;example</source>
        <translation>基础示例(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="113"/>
        <source>&amp;Lock: take turns</source>
        <translation>锁：轮流持有(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="113"/>
        <source>&amp;Messages over Pipes</source>
        <translation>通过管道发送消息(&amp;M)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="114"/>
        <source>&amp;Crash in every way</source>
        <translation>以各种方式崩溃(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="114"/>
        <source>C&amp;PU-bound pair</source>
        <translation>两个 CPU 密集型进程(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="119"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="120"/>
        <source>Show &amp;helper processes</source>
        <translation>显示辅助进程(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="121"/>
        <source>Show a watched script&apos;s helper processes (the forkserver, the resource tracker) on the timeline, dimmed; off: hide them</source>
        <translation>在时间线上以淡色显示被观察脚本的辅助进程（forkserver、resource_tracker）；关闭：隐藏它们</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="126"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="134"/>
        <source>Applies the next time ProcLab starts</source>
        <translation>下次启动 ProcLab 时生效</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="139"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="140"/>
        <source>&amp;Getting started</source>
        <translation>入门(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="141"/>
        <source>A short guide: the seed example step by step, and the README&apos;s sections (F1)</source>
        <translation>简短指南：基础示例的逐步说明，以及 README 的各节（F1）</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="142"/>
        <source>&amp;About ProcLab</source>
        <translation>关于 ProcLab(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../gui/window/menus.py" line="143"/>
        <source>ProcLab&apos;s version and the versions of Python, Qt, PySide6 and pyqtgraph it runs on</source>
        <translation>ProcLab 的版本，以及它所运行的 Python、Qt、PySide6 和 pyqtgraph 的版本</translation>
    </message>
    <message>
        <location filename="../../gui/window/remembered.py" line="50"/>
        <source>The language changes the next time ProcLab starts.</source>
        <translation>语言将在下次启动 ProcLab 时更改。</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="55"/>
        <location filename="../../gui/window/run_files.py" line="69"/>
        <location filename="../../gui/window/run_files.py" line="82"/>
        <source>Cannot open run</source>
        <translation>无法打开运行记录</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="55"/>
        <location filename="../../gui/window/script_files.py" line="64"/>
        <source>Wait until the current run has ended.</source>
        <translation>请等待当前运行结束。</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="78"/>
        <source>Opening {path}…</source>
        <translation>正在打开 {path}…</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="84"/>
        <source>Opening {path} cancelled; nothing changed.</source>
        <translation>已取消打开 {path}；没有任何改变。</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="90"/>
        <source>{path} was read, but a run has started; open it again after the run.</source>
        <translation>{path} 已读取，但一次运行已经开始；请在运行结束后再次打开它。</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="94"/>
        <source>Opened run {path}</source>
        <translation>已打开运行记录 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="101"/>
        <source>timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="107"/>
        <source>comparison</source>
        <translation>比较结果</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="115"/>
        <location filename="../../gui/window/run_files.py" line="127"/>
        <source>Nothing to export</source>
        <translation>没有可导出的内容</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="115"/>
        <location filename="../../gui/window/run_files.py" line="127"/>
        <source>Start a run (or open one) first.</source>
        <translation>请先启动一次运行（或打开一个运行记录）。</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="119"/>
        <source>trace</source>
        <translation>跟踪文件</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="129"/>
        <source>events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="133"/>
        <source>screenshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="144"/>
        <source>Writing {path}…</source>
        <translation>正在写入 {path}…</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="159"/>
        <source>Saved {what} to {path}</source>
        <translation>已将{what}保存到 {path}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="162"/>
        <source>Cannot save {what}</source>
        <translation>无法保存{what}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="168"/>
        <source>Open run</source>
        <translation>打开运行记录</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="174"/>
        <source>Export timeline</source>
        <translation>导出时间线</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="182"/>
        <source>Export trace</source>
        <translation>导出跟踪文件</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="183"/>
        <source>Perfetto trace (*.json);;All files (*)</source>
        <translation>Perfetto 跟踪文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="188"/>
        <source>Export events as CSV</source>
        <translation>将事件导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="189"/>
        <source>CSV table (*.csv);;All files (*)</source>
        <translation>CSV 表格 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="194"/>
        <source>Save window screenshot</source>
        <translation>保存窗口截图</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="203"/>
        <source>Busy</source>
        <translation>正忙</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_files.py" line="203"/>
        <source>Wait until the file being read or written is done.</source>
        <translation>请等待正在读取或写入的文件完成。</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_place.py" line="84"/>
        <source>runs on: this machine</source>
        <translation>运行于：本机</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_place.py" line="88"/>
        <source>runs on: {cluster}</source>
        <translation>运行于：{cluster}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_place.py" line="90"/>
        <source>runs on: a local Dask cluster of {count} workers (started at Start)</source>
        <translation>运行于：有 {count} 个工作节点的本地 Dask 集群（点“启动”时启动）</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_place.py" line="92"/>
        <source>runs on: the Dask scheduler at {address} (connects at Start)</source>
        <translation>运行于：{address} 的 Dask 调度器（点“启动”时连接）</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_place.py" line="118"/>
        <source>Starting a local Dask cluster of {count} workers…</source>
        <translation>正在启动有 {count} 个工作节点的本地 Dask 集群…</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_place.py" line="119"/>
        <source>Connecting to the Dask scheduler at {address} (at most {seconds:g} s)…</source>
        <translation>正在连接 {address} 的 Dask 调度器（最多 {seconds:g} 秒）…</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_place.py" line="127"/>
        <source>Running on a cluster needs Dask distributed ({error}); install it with: pip install &apos;proclab[dask]&apos;</source>
        <translation>在集群上运行需要 Dask distributed（{error}）；请用以下命令安装：pip install &apos;proclab[dask]&apos;</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="113"/>
        <source>run {number}: starting 1 worker with the {method} start method</source>
        <translation>第 {number} 次运行：以 {method} 启动方式启动 1 个工作进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="114"/>
        <source>run {number}: starting {count} workers with the {method} start method</source>
        <translation>第 {number} 次运行：以 {method} 启动方式启动 {count} 个工作进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="122"/>
        <source>run {number}: starting {count} workers on {cluster}</source>
        <translation>第 {number} 次运行：在 {cluster} 上启动 {count} 个工作进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="125"/>
        <source>Cannot start workers on the cluster</source>
        <translation>无法在集群上启动工作进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="133"/>
        <source>run() takes a selected sleep worker of at most {most:g} s (it cannot be stopped inside ProcLab); none is selected, so it runs {name!r} ({seconds:g} s)</source>
        <translation>run() 只接受选中的、最长 {most:g} 秒的 sleep 工作进程（它在 ProcLab 内无法停止）；没有选中合适的，所以运行 {name!r}（{seconds:g} 秒）</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="139"/>
        <source>run {number}: Process(name={name!r}).run(), not start(): the target runs in ProcLab&apos;s own process (pid {pid}); active_children() = {children} before</source>
        <translation>第 {number} 次运行：Process(name={name!r}).run()，而不是 start()：目标函数在 ProcLab 自己的进程中运行（pid {pid}）；之前 active_children() = {children}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="151"/>
        <source>run {number}: {script}, run by {python} and watched; start method: {method}</source>
        <translation>第 {number} 次运行：{script}，由 {python} 运行并观察；启动方式：{method}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="157"/>
        <source>Cannot run the script</source>
        <translation>无法运行脚本</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="169"/>
        <source>Cannot start workers</source>
        <translation>无法启动工作进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="174"/>
        <source>warning: {note}</source>
        <translation>警告：{note}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="210"/>
        <source>{worker} (pid {pid}) lost: {reason}</source>
        <translation>{worker}（pid {pid}）失联：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="217"/>
        <source>{worker} (pid {pid}) exited: {how}</source>
        <translation>{worker}（pid {pid}）已退出：{how}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="219"/>
        <source>exit code unknown</source>
        <translation>退出码未知</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="224"/>
        <source>lock.release() called by ProcLab for {worker}: the waiting workers go on</source>
        <translation>ProcLab 代 {worker} 调用了 lock.release()：等待的工作进程继续运行</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="227"/>
        <source>{worker}: ping/pong round trip to the window {ms:.3f} ms</source>
        <translation>{worker}：到窗口的 ping/pong 往返耗时 {ms:.3f} 毫秒</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="230"/>
        <source>placed on {host} ({address}): {names}</source>
        <translation>分配到 {host}（{address}）：{names}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="246"/>
        <source>clock of {address}: {offset} (corrected)</source>
        <translation>{address} 的时钟：{offset}（已校正）</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="266"/>
        <source>{worker} exited holding the shared Lock; it is abandoned (waiting: {waiting})</source>
        <translation>{worker} 在持有共享锁时退出；该锁已被遗弃（等待中：{waiting}）</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="267"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="276"/>
        <source>run {number}: the script and every process it started ended</source>
        <translation>第 {number} 次运行：脚本及其启动的每个进程都已结束</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="279"/>
        <source>run {number}: all workers ended</source>
        <translation>第 {number} 次运行：所有工作进程都已结束</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="283"/>
        <source>run {number} ended early: {reason}</source>
        <translation>第 {number} 次运行提前结束：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="285"/>
        <source>The run ended early: {reason}</source>
        <translation>运行提前结束：{reason}</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="289"/>
        <source>run(): the work ran in pid {pids}, ProcLab&apos;s own (os.getpid() = {pid}); active_children() = {children} after: no process was created</source>
        <translation>run()：工作在 pid {pids} 中运行，即 ProcLab 自己的进程（os.getpid() = {pid}）；之后 active_children() = {children}：没有创建任何进程</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="347"/>
        <source>A comparison of threads and processes is running.
Stop it (its processes are terminated; its threads end with ProcLab) and close?</source>
        <translation>线程与进程的比较正在运行。
停止它（其进程会被终止；其线程随 ProcLab 一起结束）并关闭吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="353"/>
        <source>run() is still running inside ProcLab&apos;s own process; there is no worker process to stop.
Close ProcLab, and the run with it?</source>
        <translation>run() 仍在 ProcLab 自己的进程内运行；没有可以停止的工作进程。
关闭 ProcLab，并一同结束这次运行吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="356"/>
        <source>The script {name} is still running.
Stop every process it started (terminate, then kill after {grace:g} s) and close?</source>
        <translation>脚本 {name} 仍在运行。
停止它启动的每个进程（先 terminate，{grace:g} 秒后再 kill）并关闭吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="360"/>
        <source>1 worker process is still running.
Stop it (terminate, then kill after {grace:g} s) and close?</source>
        <translation>1 个工作进程仍在运行。
停止它（先 terminate，{grace:g} 秒后再 kill）并关闭吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="362"/>
        <source>{count} worker processes are still running.
Stop them (terminate, then kill after {grace:g} s) and close?</source>
        <translation>{count} 个工作进程仍在运行。
停止它们（先 terminate，{grace:g} 秒后再 kill）并关闭吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/run_presenter.py" line="374"/>
        <source>compare: still stopping; its processes end with ProcLab</source>
        <translation>比较：仍在停止；其进程将随 ProcLab 一起结束</translation>
    </message>
    <message>
        <location filename="../../gui/window/script_files.py" line="64"/>
        <location filename="../../gui/window/script_files.py" line="72"/>
        <source>Cannot open script</source>
        <translation>无法打开脚本</translation>
    </message>
    <message>
        <location filename="../../gui/window/script_files.py" line="66"/>
        <source>Save the changes to {name} before another script is opened?</source>
        <translation>打开另一个脚本之前保存对 {name} 的更改吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/script_files.py" line="78"/>
        <source>Opened {name}; Ctrl+R runs it</source>
        <translation>已打开 {name}；按 Ctrl+R 运行</translation>
    </message>
    <message>
        <location filename="../../gui/window/script_files.py" line="84"/>
        <source>Open script</source>
        <translation>打开脚本</translation>
    </message>
    <message>
        <location filename="../../gui/window/script_files.py" line="95"/>
        <source>Save the changes to {name} before it is closed?</source>
        <translation>关闭之前保存对 {name} 的更改吗？</translation>
    </message>
    <message>
        <location filename="../../gui/window/script_files.py" line="110"/>
        <source>The script was edited here since it was opened or saved.</source>
        <translation>自打开或保存以来，脚本已在此处被编辑。</translation>
    </message>
    <message>
        <location filename="../../gui/window/script_files.py" line="140"/>
        <source>Scripts run under {python} from the next Run script</source>
        <translation>从下一次“运行脚本”起，脚本将由 {python} 运行</translation>
    </message>
    <message>
        <location filename="../../gui/window/script_files.py" line="141"/>
        <source>ProcLab&apos;s own Python</source>
        <translation>ProcLab 自身的 Python</translation>
    </message>
    <message>
        <location filename="../../gui/window/shown_run.py" line="40"/>
        <source>Compare threads vs processes: each wall time, the speedup, cpu_count()</source>
        <translation>比较线程与进程：各自的实际耗时、加速比、cpu_count()</translation>
    </message>
    <message>
        <location filename="../../gui/window/shown_run.py" line="42"/>
        <source>A run read from a file: read-only. Start runs the experiment again.</source>
        <translation>从文件读取的一次运行：只读。点击“启动”会重新运行该实验。</translation>
    </message>
    <message>
        <location filename="../../gui/window/shown_run.py" line="44"/>
        <source>The timeline shows an earlier run; the table has changed since</source>
        <translation>时间线显示的是较早的一次运行；表格此后已更改</translation>
    </message>
    <message>
        <location filename="../../gui/window/shown_run.py" line="70"/>
        <source>Replay of {name} (read-only): {count} workers, {seconds:.2f} s. The table still holds the experiment; Start runs it again.</source>
        <translation>{name} 的回放（只读）：{count} 个工作进程，{seconds:.2f} 秒。表格中仍是当前实验；点击“启动”会重新运行它。</translation>
    </message>
    <message>
        <location filename="../../gui/window/shown_run.py" line="76"/>
        <source>{count} of them never exited in this file ({names}): it was saved during the run or cut short.</source>
        <translation>其中 {count} 个在此文件中从未退出（{names}）：文件是在运行期间保存的，或者被截断了。</translation>
    </message>
    <message>
        <location filename="../../gui/window/shown_run.py" line="109"/>
        <source>The timeline shows the last comparison, with the workers as they were then; the table has changed since. Start runs the table&apos;s workers.</source>
        <translation>时间线显示的是上一次比较，工作进程为当时的样子；表格此后已更改。点击启动将运行表格中的工作进程。</translation>
    </message>
    <message>
        <location filename="../../gui/window/shown_run.py" line="112"/>
        <source>The timeline shows run {number}, with the workers as they were then; the table has changed since. Start runs the table&apos;s workers.</source>
        <translation>时间线显示的是第 {number} 次运行，工作进程为当时的样子；表格此后已更改。点击启动将运行表格中的工作进程。</translation>
    </message>
</context>
</TS>
