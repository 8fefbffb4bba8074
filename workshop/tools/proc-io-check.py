#!/usr/bin/env python3
"""Which system calls /proc/<pid>/io counts, on this kernel.

Runs each kind of call 1000 times and prints the change in this process's syscr/syscw/rchar/wchar.
Reading /proc/self/io itself costs 2 read calls (and ~115 rchar), so a line showing syscr=2 means
"not counted". Linux only; Python 3.10+ (os.eventfd, os.splice, os.copy_file_range).
Used for the claims in workshop/README.md; rerun it on another kernel before trusting them there.
"""
import os, socket, tempfile
def io():
    d={}
    for l in open('/proc/self/io'):
        k,v=l.split(':'); d[k]=int(v)
    return d
def delta(label, fn, n=1000):
    a=io(); fn(n); b=io()
    print(f"{label:40s} syscr={b['syscr']-a['syscr']:6d} syscw={b['syscw']-a['syscw']:6d} rchar={b['rchar']-a['rchar']:8d} wchar={b['wchar']-a['wchar']:8d}")
s1,s2=socket.socketpair()
fd,path=tempfile.mkstemp()
data=b'x'*100
def w(n):
    for _ in range(n): os.write(s1.fileno(),data); os.read(s2.fileno(),100)
delta("write+read socket x1000", w)
def sm(n):
    for _ in range(n): s1.sendmsg([data]); s2.recvmsg(100)
delta("sendmsg+recvmsg x1000", sm)
def st(n):
    for _ in range(n): s1.send(data); s2.recv(100)
delta("send+recv (sendto/recvfrom) x1000", st)
def wv(n):
    for _ in range(n): os.writev(s1.fileno(),[data]); os.readv(s2.fileno(),[bytearray(100)])
delta("writev+readv socket x1000", wv)
def pw(n):
    for i in range(n): os.pwrite(fd,data,i*100); os.pread(fd,100,i*100)
delta("pwrite64+pread64 file x1000", pw)
def fs(n):
    for _ in range(n): os.fsync(fd)
delta("fsync x1000", fs)
def fds(n):
    for _ in range(n): os.fdatasync(fd)
delta("fdatasync x1000", fds)
def sf(n):
    for _ in range(n): os.sendfile(s1.fileno(), fd, 0, 100); os.read(s2.fileno(),100)
delta("sendfile(file->sock)+read x1000", sf)
def ev(n):
    efd=os.eventfd(0)
    for _ in range(n): os.eventfd_write(efd,1); os.eventfd_read(efd)
delta("eventfd write+read x1000", ev)
import select
ep=select.epoll(); ep.register(s2.fileno(), select.EPOLLIN)
def epw(n):
    for _ in range(n): ep.poll(0)
delta("epoll_wait x1000", epw)
import mmap
def mm(n):
    m=mmap.mmap(fd, 100*1000)
    for i in range(n): m[i*100:(i+1)*100]=data
    m.close()
delta("mmap writes x1000", mm)
r,wp=os.pipe()
def spl(n):
    for _ in range(n):
        os.write(wp,data); os.splice(r, s1.fileno(), 100); os.read(s2.fileno(),100)
delta("write pipe+splice(pipe->sock)+read", spl)
def cfr(n):
    fd2,p2=tempfile.mkstemp(dir=os.path.dirname(path))
    for i in range(n): os.copy_file_range(fd, fd2, 100, 0, i*100)
    os.unlink(p2)
delta("copy_file_range x1000", cfr)
os.unlink(path)
